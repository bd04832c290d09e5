package dev.gengap.plumbing.security;

import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The one way gengap opens a channel, for the services' calls to each other and for the CLI:
 * transport security and credentials from a {@link ClientSecurity}, and retries of calls that
 * failed with {@code UNAVAILABLE} (a restarting peer) from grpc-java's retry policy. Every gengap
 * RPC may be retried: writes carry a request id and are idempotent. A stream is retried only until
 * its first response; the data client resumes an interrupted epoch itself.
 */
public final class Channels {
  private static final List<String> SERVICES =
      List.of("gengap.v1.DatasetService", "gengap.v1.TrainerService", "gengap.v1.EvaluatorService");

  private Channels() {}

  /**
   * A channel to {@code target} ({@code host:port} or any gRPC target string).
   *
   * @throws UncheckedIOException when a certificate or key file cannot be read
   * @throws IllegalArgumentException when {@code target} is not a valid target
   */
  public static ManagedChannel open(String target, ClientSecurity security) {
    return Grpc.newChannelBuilder(target, credentials(security))
        .defaultServiceConfig(retryConfig())
        .enableRetry()
        .build();
  }

  static ChannelCredentials credentials(ClientSecurity security) {
    ChannelCredentials transport =
        switch (security.transport()) {
          case PLAINTEXT -> InsecureChannelCredentials.create();
          case TLS -> tls(security);
        };
    return security.token().isPresent()
        ? CompositeChannelCredentials.create(transport, new BearerToken(security.token().get()))
        : transport;
  }

  private static ChannelCredentials tls(ClientSecurity security) {
    TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
    try {
      if (security.caCert().isPresent()) {
        builder.trustManager(security.caCert().get().toFile());
      }
      if (security.clientCertificate().isPresent()) {
        KeyPairFiles pair = security.clientCertificate().get();
        builder.keyManager(pair.certificate().toFile(), pair.key().toFile());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a TLS file: " + e.getMessage(), e);
    }
    return builder.build();
  }

  private static Map<String, ?> retryConfig() {
    // Numbers are doubles and durations strings: the JSON shape grpc-java's parser expects.
    Map<String, Object> retryPolicy =
        Map.of(
            "maxAttempts",
            4.0,
            "initialBackoff",
            "0.2s",
            "maxBackoff",
            "2s",
            "backoffMultiplier",
            2.0,
            "retryableStatusCodes",
            List.of("UNAVAILABLE"));
    List<Map<String, Object>> names =
        SERVICES.stream().map(service -> Map.<String, Object>of("service", service)).toList();
    return Map.of("methodConfig", List.of(Map.of("name", names, "retryPolicy", retryPolicy)));
  }
}
