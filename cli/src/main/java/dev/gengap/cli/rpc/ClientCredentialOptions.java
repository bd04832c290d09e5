package dev.gengap.cli.rpc;

import dev.gengap.cli.CliException;
import dev.gengap.cli.ExitCode;
import dev.gengap.plumbing.security.ClientSecurity;
import dev.gengap.plumbing.security.KeyPairFiles;
import dev.gengap.plumbing.security.TokenFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How the CLI proves who it is and whom it talks to: TLS (with a CA, and a client certificate for
 * mutual TLS) and a bearer token from {@code --token}, {@code --token-file} or the file {@code
 * gengap local} writes ({@link #DEFAULT_TOKEN_FILE}).
 */
public final class ClientCredentialOptions {
  /** Where {@code gengap local} stores its token and the CLI looks for one: ~/.config/gengap. */
  public static final Path DEFAULT_TOKEN_FILE =
      Path.of(System.getProperty("user.home"), ".config", "gengap", "token");

  @Option(
      names = "--tls",
      negatable = true,
      defaultValue = "${env:GENGAP_TLS:-false}",
      fallbackValue = "true",
      description =
          "Use TLS; implied by --ca-cert and --client-cert. --no-tls (the default) is plaintext,"
              + " for gengap local on this machine (env GENGAP_TLS).")
  boolean tls;

  @Option(
      names = "--ca-cert",
      paramLabel = "PEM",
      defaultValue = "${env:GENGAP_CA_CERT}",
      description =
          "CAs that sign the servers' certificates (env GENGAP_CA_CERT; default: the JVM's).")
  Path caCert;

  @Option(
      names = "--client-cert",
      paramLabel = "PEM",
      defaultValue = "${env:GENGAP_CLIENT_CERT}",
      description = "Client certificate for mutual TLS (env GENGAP_CLIENT_CERT).")
  Path clientCert;

  @Option(
      names = "--client-key",
      paramLabel = "PEM",
      defaultValue = "${env:GENGAP_CLIENT_KEY}",
      description = "Its private key, PEM PKCS#8 (env GENGAP_CLIENT_KEY).")
  Path clientKey;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:GENGAP_TOKEN}",
      description =
          "Bearer token (env GENGAP_TOKEN; prefer --token-file: a flag shows in the process list).")
  String token;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      defaultValue = "${env:GENGAP_TOKEN_FILE}",
      description =
          "File holding the bearer token (env GENGAP_TOKEN_FILE; default ~/.config/gengap/token,"
              + " which gengap local writes, when it exists).")
  Path tokenFile;

  /** The validated settings; a missing file or a half-given key pair is a usage error. */
  public ClientSecurity security() {
    if ((clientCert == null) != (clientKey == null)) {
      throw usage("--client-cert and --client-key: give both or neither");
    }
    requireReadable("--ca-cert", caCert);
    requireReadable("--client-cert", clientCert);
    requireReadable("--client-key", clientKey);
    requireReadable("--token-file", tokenFile);
    if (token != null && tokenFile != null) {
      throw usage("--token and --token-file: give one");
    }
    boolean useTls = tls || caCert != null || clientCert != null;
    return new ClientSecurity(
        useTls ? ClientSecurity.Transport.TLS : ClientSecurity.Transport.PLAINTEXT,
        Optional.ofNullable(caCert),
        clientCert == null
            ? Optional.empty()
            : Optional.of(new KeyPairFiles(clientCert, clientKey)),
        token());
  }

  private Optional<String> token() {
    if (token != null) {
      return Optional.of(token.strip());
    }
    Path file = tokenFile != null ? tokenFile : DEFAULT_TOKEN_FILE;
    if (tokenFile == null && !Files.isReadable(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(TokenFiles.read(file));
    } catch (RuntimeException e) {
      throw usage("--token-file: " + e.getMessage());
    }
  }

  private static void requireReadable(String flag, Path file) {
    if (file != null && !Files.isReadable(file)) {
      throw usage(flag + ": cannot read " + file);
    }
  }

  private static CliException usage(String message) {
    return new CliException(ExitCode.USAGE, message);
  }
}
