package dev.gengap.plumbing.security;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How a client reaches a gengap server: plaintext or TLS (trusting {@code caCert}, or the JVM's
 * roots when empty), optionally with a client certificate for mutual TLS, and optionally a bearer
 * token.
 *
 * @param transport plaintext or TLS
 * @param caCert PEM bundle of the CAs that sign the servers' certificates
 * @param clientCertificate this client's certificate and key for mutual TLS
 * @param token the bearer token sent in {@code authorization}
 */
public record ClientSecurity(
    Transport transport,
    Optional<Path> caCert,
    Optional<KeyPairFiles> clientCertificate,
    Optional<String> token) {

  /** How bytes travel. */
  public enum Transport {
    PLAINTEXT,
    TLS
  }

  public ClientSecurity {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(caCert, "caCert");
    Objects.requireNonNull(clientCertificate, "clientCertificate");
    Objects.requireNonNull(token, "token");
  }

  /** Plaintext without credentials: tests and explicitly insecure set-ups. */
  public static ClientSecurity plaintext() {
    return new ClientSecurity(
        Transport.PLAINTEXT, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The same, sending {@code token}. */
  public ClientSecurity withToken(String token) {
    return new ClientSecurity(transport, caCert, clientCertificate, Optional.of(token));
  }
}
