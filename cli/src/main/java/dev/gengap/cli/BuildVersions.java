package dev.gengap.cli;

import dev.gengap.cli.rpc.ConnectionOptions;
import dev.gengap.cli.rpc.Connections;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;

/**
 * {@code gengap --version}: this CLI's build, and the build of the trainer and evaluator it would
 * talk to (the connection flags' environment defaults: GENGAP_TRAINER_TARGET, GENGAP_TLS, …), read
 * from the version header of a health check when they answer within a second.
 */
public final class BuildVersions implements IVersionProvider {
  private static final long PROBE_MILLIS = 1000;
  private static final Metadata.Key<String> VERSION =
      Metadata.Key.of(BuildInfo.VERSION_HEADER, Metadata.ASCII_STRING_MARSHALLER);

  /** The connection flags with only their environment defaults: --version parses no others. */
  @Command(name = "version")
  static final class Defaults {
    @Mixin ConnectionOptions connection;
  }

  @Override
  public String[] getVersion() {
    ConnectionOptions connection = CommandLine.populateCommand(new Defaults()).connection;
    try (Connections connections = connection.connect()) {
      return new String[] {
        "gengap " + BuildInfo.version() + " (cli)",
        server("trainer", connection.trainerTarget(), connections.trainerChannel()),
        server("evaluator", connection.evaluatorTarget(), connections.evaluatorChannel())
      };
    } catch (CliException e) {
      return new String[] {"gengap " + BuildInfo.version() + " (cli)", e.getMessage()};
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
