package dev.gengap.plumbing.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A server's security flags, as a picocli {@code @Mixin}: TLS files, mutual TLS, the identities
 * file, the listen address, and the credentials it uses towards its peers. Secure unless told
 * otherwise: without {@code --plaintext} a server needs a certificate, without {@code --no-auth} an
 * identities file.
 */
public final class SecurityOptions {
  @Option(
      names = "--listen",
      paramLabel = "HOST",
      defaultValue = "${env:GENGAP_LISTEN:-0.0.0.0}",
      description = "Address the gRPC port binds. Env GENGAP_LISTEN. Default: ${DEFAULT-VALUE}")
  String listen;

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      defaultValue = "${env:GENGAP_TLS_CERT}",
      description =
          "This server's certificate chain (PEM), re-read when it changes. Env GENGAP_TLS_CERT.")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "PEM",
      defaultValue = "${env:GENGAP_TLS_KEY}",
      description = "Its private key (PEM, PKCS#8). Env GENGAP_TLS_KEY.")
  Path tlsKey;

  @Option(
      names = "--tls-client-ca",
      paramLabel = "PEM",
      defaultValue = "${env:GENGAP_TLS_CLIENT_CA}",
      description =
          "Require client certificates signed by these CAs (mutual TLS); the certificate's CN is"
              + " the caller's principal. Env GENGAP_TLS_CLIENT_CA.")
  Path tlsClientCa;

  @Option(
      names = "--tls-reload-seconds",
      paramLabel = "SECONDS",
      defaultValue = "${env:GENGAP_TLS_RELOAD_SECONDS:-60}",
      description =
          "How often the certificate, key and client CA files are re-read (cert-manager renews"
              + " them in place). Env GENGAP_TLS_RELOAD_SECONDS. Default: ${DEFAULT-VALUE}")
  int tlsReloadSeconds;

  @Option(
      names = "--plaintext",
      defaultValue = "${env:GENGAP_PLAINTEXT:-false}",
      description =
          "Serve and call peers without TLS. Only for loopback or a network you trust; logged as a"
              + " warning. Env GENGAP_PLAINTEXT.")
  boolean plaintext;

  @Option(
      names = "--identities",
      paramLabel = "FILE",
      defaultValue = "${env:GENGAP_IDENTITIES_FILE}",
      description =
          "Who may call: lines '<principal> <viewer|submitter|admin> <sha256 of token | ->'."
              + " Env GENGAP_IDENTITIES_FILE.")
  Path identities;

  @Option(
      names = "--auth",
      negatable = true,
      defaultValue = "${env:GENGAP_AUTH:-true}",
      fallbackValue = "true",
      description =
          "Authenticate every call (--no-auth: every caller is admin; logged as a warning). Env"
              + " GENGAP_AUTH. Default: ${DEFAULT-VALUE}")
  boolean auth;

  @Option(
      names = "--ca-cert",
      paramLabel = "PEM",
      defaultValue = "${env:GENGAP_CA_CERT}",
      description =
          "CAs that sign the peer services' certificates (default: the JVM's). Env"
              + " GENGAP_CA_CERT.")
  Path caCert;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      defaultValue = "${env:GENGAP_TOKEN_FILE}",
      description = "This service's own bearer token towards its peers. Env GENGAP_TOKEN_FILE.")
  Path tokenFile;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /**
   * The validated settings; a contradiction or missing file is reported like a malformed flag (exit
   * code 2, the flag named).
   */
  public ServerSecurity toServerSecurity() {
    Optional<KeyPairFiles> tls = Optional.empty();
    if (plaintext) {
      require(tlsCert == null && tlsKey == null, "--plaintext: contradicts --tls-cert/--tls-key");
    } else {
      require(
          tlsCert != null && tlsKey != null,
          "--tls-cert and --tls-key: required (PEM files), unless --plaintext is chosen");
      requireReadable("--tls-cert", tlsCert);
      requireReadable("--tls-key", tlsKey);
      tls = Optional.of(new KeyPairFiles(tlsCert, tlsKey));
    }
    require(tlsReloadSeconds >= 1, "--tls-reload-seconds: must be >= 1, was " + tlsReloadSeconds);
    if (tlsClientCa != null) {
      require(!plaintext, "--tls-client-ca: mutual TLS needs TLS, not --plaintext");
      requireReadable("--tls-client-ca", tlsClientCa);
    }
    if (auth) {
      require(identities != null, "--identities: required unless --no-auth is chosen");
      requireReadable("--identities", identities);
      try {
        Identities.load(identities);
      } catch (RuntimeException e) {
        require(false, "--identities: " + e.getMessage());
      }
    }
    Optional<String> token = Optional.empty();
    if (tokenFile != null) {
      requireReadable("--token-file", tokenFile);
      token = Optional.of(TokenFiles.read(tokenFile));
    }
    if (caCert != null) {
      requireReadable("--ca-cert", caCert);
    }
    // Peers are called the way this server is reached: TLS in a TLS deployment, presenting this
    // server's own certificate when TLS is mutual.
    ClientSecurity peers =
        new ClientSecurity(
            plaintext ? ClientSecurity.Transport.PLAINTEXT : ClientSecurity.Transport.TLS,
            Optional.ofNullable(caCert),
            tlsClientCa == null ? Optional.empty() : tls,
            token);
    return new ServerSecurity(
        listen,
        tls,
        Optional.ofNullable(tlsClientCa),
        auth ? Optional.of(identities) : Optional.empty(),
        peers,
        Duration.ofSeconds(tlsReloadSeconds));
  }

  private void require(boolean valid, String message) {
    if (!valid) {
      throw new CommandLine.ParameterException(command.commandLine(), message);
    }
  }

  private void requireReadable(String flag, Path file) {
    require(Files.isReadable(file), flag + ": cannot read " + file);
  }
}
