package dev.gengap.cli;

import dev.gengap.cli.rpc.Connections;
import dev.gengap.cli.rpc.Transport;
import dev.gengap.proto.BuildInfo;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code gengap --version}: this CLI's build, and the build of the trainer and evaluator it would
 * talk to (GENGAP_TRAINER_TARGET, GENGAP_EVALUATOR_TARGET, GENGAP_TLS), read from the version
 * header of a health check when they answer within a second.
 */
public final class BuildVersions implements IVersionProvider {
  private static final long PROBE_MILLIS = 1000;
  private static final Metadata.Key<String> VERSION =
      Metadata.Key.of(BuildInfo.VERSION_HEADER, Metadata.ASCII_STRING_MARSHALLER);

  @Override
  public String[] getVersion() {
    Map<String, String> env = System.getenv();
    Transport transport =
        Boolean.parseBoolean(env.getOrDefault("GENGAP_TLS", "false"))
            ? Transport.TLS
            : Transport.PLAINTEXT;
    String trainer = env.getOrDefault("GENGAP_TRAINER_TARGET", "localhost:50052");
    String evaluator = env.getOrDefault("GENGAP_EVALUATOR_TARGET", "localhost:50053");
    try (Connections connections = new Connections(trainer, evaluator, transport)) {
      return new String[] {
        "gengap " + BuildInfo.version() + " (cli)",
        server("trainer", trainer, connections.trainerChannel()),
        server("evaluator", evaluator, connections.evaluatorChannel())
      };
    }
  }

  private static String server(String name, String target, Channel channel) {
    try {
      AtomicReference<String> version = new AtomicReference<>();
      Channel recording = ClientInterceptors.intercept(channel, new HeaderRecorder(version));
      HealthGrpc.newBlockingStub(recording)
          .withDeadlineAfter(PROBE_MILLIS, TimeUnit.MILLISECONDS)
          .check(HealthCheckRequest.getDefaultInstance());
      return String.format(
          "%s %s at %s",
          name,
          version.get() != null ? version.get() : "(version not sent: older than 0.1.0)",
          target);
    } catch (StatusRuntimeException e) {
      return name + " at " + target + ": not reachable (" + e.getStatus().getCode() + ")";
    }
  }

  /** Keeps the version header of the response. */
  private record HeaderRecorder(AtomicReference<String> version) implements ClientInterceptor {
    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(
        MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          super.start(
              new SimpleForwardingClientCallListener<>(listener) {
                @Override
                public void onHeaders(Metadata responseHeaders) {
                  version.set(responseHeaders.get(VERSION));
                  super.onHeaders(responseHeaders);
                }
              },
              headers);
        }
      };
    }
  }
}
