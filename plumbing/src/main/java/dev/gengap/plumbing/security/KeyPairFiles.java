package dev.gengap.plumbing.security;

import java.nio.file.Path;
import java.util.Objects;

/** A PEM certificate chain and its PEM (PKCS#8) private key, e.g. from a cert-manager Secret. */
public record KeyPairFiles(Path certificate, Path key) {
  public KeyPairFiles {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(key, "key");
  }
}
