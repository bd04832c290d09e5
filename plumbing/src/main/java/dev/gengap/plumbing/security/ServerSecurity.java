package dev.gengap.plumbing.security;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a gengap server guards its port and calls its peers: the address it binds, TLS from PEM files
 * that are re-read when they change (cert-manager renews them in place), an optional client CA that
 * makes TLS mutual, and the identities file behind authentication. Plaintext and running without
 * authentication are possible only when chosen explicitly, and are logged as warnings.
 *
 * @param listenHost the address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param tls this server's certificate and key; empty for explicit plaintext
 * @param clientCa CAs whose client certificates are required (mutual TLS); empty: none asked for
 * @param identities who may call, with which role; empty for explicitly unauthenticated
 * @param peers how this service calls the other services (trust, client certificate, token)
 * @param tlsReload how often the certificate, key and client CA files are checked for a renewal
 */
public record ServerSecurity(
    String listenHost,
    Optional<KeyPairFiles> tls,
    Optional<Path> clientCa,
    Optional<Path> identities,
    ClientSecurity peers,
    Duration tlsReload) {
  private static final Logger log = LoggerFactory.getLogger(ServerSecurity.class);

  /** The default of {@link #tlsReload()}: cert-manager renews weeks ahead, a minute is plenty. */
  public static final Duration DEFAULT_TLS_RELOAD = Duration.ofMinutes(1);

  public ServerSecurity {
    Objects.requireNonNull(listenHost, "listenHost");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(clientCa, "clientCa");
    Objects.requireNonNull(identities, "identities");
    Objects.requireNonNull(peers, "peers");
    Objects.requireNonNull(tlsReload, "tlsReload");
    if (clientCa.isPresent() && tls.isEmpty()) {
      throw new IllegalArgumentException("a client CA (mutual TLS) needs a server certificate");
    }
    if (tlsReload.toMillis() < 1) {
      throw new IllegalArgumentException("tlsReload: must be positive, was " + tlsReload);
    }
  }

  /** The same, reloading the TLS files every {@link #DEFAULT_TLS_RELOAD}. */
  public ServerSecurity(
      String listenHost,
      Optional<KeyPairFiles> tls,
      Optional<Path> clientCa,
      Optional<Path> identities,
      ClientSecurity peers) {
    this(listenHost, tls, clientCa, identities, peers, DEFAULT_TLS_RELOAD);
  }

  /** Plaintext, unauthenticated, on loopback: for tests that start a real server on a port. */
  public static ServerSecurity insecureLoopback() {
    return new ServerSecurity(
        "127.0.0.1",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        ClientSecurity.plaintext());
  }

  /**
   * A server builder bound to {@code port} on {@link #listenHost()} with these credentials. The
   * returned {@link Closeable} stops the certificate reloading; close it after the server.
   */
  public Bound bind(int port, String serviceName) throws IOException {
    List<Closeable> reloads = new ArrayList<>();
    ServerCredentials credentials;
    if (tls.isEmpty()) {
      log.warn(
          "event=plaintext_chosen service={} listen={} warning=\"gRPC WITHOUT TLS: anyone on the"
              + " path can read and alter calls; only for loopback or a trusted network\"",
          serviceName,
          listenHost);
      credentials = InsecureServerCredentials.create();
    } else {
      credentials = tlsCredentials(serviceName, reloads);
      log.info(
          "event=tls_on service={} certificate={} mutual={} reload_seconds={}",
          serviceName,
          tls.get().certificate(),
          clientCa.isPresent(),
          tlsReload.toSeconds());
    }
    if (identities.isEmpty()) {
      log.warn(
          "event=authentication_off service={} warning=\"EVERY CALLER IS ADMIN: anyone who reaches"
              + " {}:{} may submit and cancel runs\"",
          serviceName,
          listenHost,
          port);
    }
    ServerBuilder<?> builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(listenHost, port), credentials);
    return new Bound(builder, reloads);
  }

  /** The authentication interceptor for {@code policy}; empty when authentication is off. */
  public Optional<AuthenticationInterceptor> authentication(AccessPolicy policy) {
    return identities.map(file -> new AuthenticationInterceptor(Identities.load(file), policy));
  }

  private ServerCredentials tlsCredentials(String serviceName, List<Closeable> reloads)
      throws IOException {
    TlsFileReloader reloader = new TlsFileReloader(serviceName, tlsReload);
    try {
      AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
      KeyPairFiles pair = tls.get();
      reloader.watch(
          "certificate",
          List.of(pair.certificate(), pair.key()),
          () -> keys.updateIdentityCredentials(pair.certificate().toFile(), pair.key().toFile()));
      TlsServerCredentials.Builder builder = TlsServerCredentials.newBuilder().keyManager(keys);
      if (clientCa.isPresent()) {
        AdvancedTlsX509TrustManager trust =
            AdvancedTlsX509TrustManager.newBuilder()
                .setVerification(
                    AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
                .build();
        Path ca = clientCa.get();
        reloader.watch("client CA", List.of(ca), () -> trust.updateTrustCredentials(ca.toFile()));
        builder.trustManager(trust).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
      }
      reloader.start();
      reloads.add(reloader);
      return builder.build();
    } catch (GeneralSecurityException e) {
      throw new IOException("unusable TLS certificate, key or client CA: " + e.getMessage(), e);
    }
  }

  /** A bound server builder and the certificate reloading behind it. */
  public record Bound(ServerBuilder<?> builder, List<Closeable> reloads) implements Closeable {
    @Override
    public void close() {
      for (Closeable reload : reloads) {
        try {
          reload.close();
        } catch (IOException e) {
          log.warn("event=tls_reload_stop_failed error=\"{}\"", e.getMessage());
        }
      }
    }
  }
}
