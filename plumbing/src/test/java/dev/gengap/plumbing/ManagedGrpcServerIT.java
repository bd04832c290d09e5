package dev.gengap.plumbing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ManagedGrpcServerIT {
  private static final MethodDescriptor<String, String> ECHO =
      MethodDescriptor.<String, String>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("test.Echo/Echo")
          .setRequestMarshaller(new Utf8Marshaller())
          .setResponseMarshaller(new Utf8Marshaller())
          .build();

  /** Echoes its request; "bad" throws a domain exception, "boom" a plain one. */
  private static final BindableService ECHO_SERVICE =
      () ->
          ServerServiceDefinition.builder("test.Echo")
              .addMethod(
                  ECHO,
                  ServerCalls.asyncUnaryCall(
                      (request, observer) -> {
                        if (request.equals("bad")) {
                          throw new InvalidArgumentException("text", "must not be bad");
                        }
                        if (request.equals("boom")) {
                          throw new IllegalStateException("boom");
                        }
                        observer.onNext(request);
                        observer.onCompleted();
                      }))
              .build();

  private final PrometheusMeterRegistry registry = ServiceMetrics.newPrometheusRegistry("test");
  private ManagedGrpcServer server;
  private AdminServer admin;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws IOException {
    String name = InProcessServerBuilder.generateName();
    server =
        new ManagedGrpcServer(
                InProcessServerBuilder.forName(name).directExecutor(),
                registry,
                List.of(ECHO_SERVICE))
            .start();
    admin = new AdminServer(0, registry, server::isServing).start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
    admin.close();
  }

  @Test
  void healthFlipsToServingWhenTheServiceSaysItIsReady() throws Exception {
    HealthGrpc.HealthBlockingStub health =
        HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    HealthCheckRequest echo = HealthCheckRequest.newBuilder().setService("test.Echo").build();
    assertThat(health.check(echo).getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(get("/readyz").statusCode()).isEqualTo(503);

    server.markServing();

    assertThat(health.check(echo).getStatus()).isEqualTo(ServingStatus.SERVING);
    assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(ServingStatus.SERVING);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void metricsShowTheCallsTheInterceptorSaw() throws Exception {
    assertThat(call("hello")).isEqualTo("hello");

    HttpResponse<String> metrics = get("/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("grpc_server_processing_duration_seconds_count{")
        .containsPattern(
            "grpc_server_processing_duration_seconds_count\\{[^}]*method=\"Echo\"[^}]*"
                + "statusCode=\"OK\"[^}]*\\} 1")
        // buckets behind the fleet board's latency percentiles
        .containsPattern(
            "grpc_server_processing_duration_seconds_bucket\\{[^}]*method=\"Echo\"[^}]*le=\"")
        .contains("jvm_memory_used_bytes")
        .contains("gengap_service=\"test\"")
        .contains("process_memory_resident_bytes");
  }

  @Test
  void domainExceptionsBecomeStatusesNamingTheField() {
    assertThatThrownBy(() -> call("bad"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).isEqualTo("text: must not be bad");
            });
    assertThatThrownBy(() -> call("boom"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL));
  }

  @Test
  void closeEndsInTerminalNotServing() {
    server.markServing();
    server.close();
    assertThat(server.isServing()).isFalse();
  }

  private String call(String text) {
    return ClientCalls.blockingUnaryCall(
        channel, ECHO, io.grpc.CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), text);
  }

  @Test
  void metricsNegotiateOpenMetricsAndGzip() throws Exception {
    HttpResponse<byte[]> openMetrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + admin.port() + "/metrics"))
                    .header("Accept", "application/openmetrics-text; version=1.0.0")
                    .header("Accept-Encoding", "gzip")
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());

    assertThat(openMetrics.statusCode()).isEqualTo(200);
    assertThat(openMetrics.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/openmetrics-text");
    assertThat(openMetrics.headers().firstValue("Content-Encoding")).contains("gzip");
    String body =
        new String(
            new java.util.zip.GZIPInputStream(new ByteArrayInputStream(openMetrics.body()))
                .readAllBytes(),
            StandardCharsets.UTF_8);
    assertThat(body).contains("jvm_memory_used_bytes").endsWith("# EOF\n");
    assertThat(get("/metrics").headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/plain");
    assertThat(get("/nothing").statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + admin.port() + path)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
