package dev.gengap.plumbing;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/** Creates the Prometheus registry every gengap service exposes on its admin port. */
public final class ServiceMetrics {
  /**
   * The common tag naming the gengap service (dataset, trainer, evaluator). Not {@code service}:
   * the gRPC meters carry their own {@code service} (the gRPC service name), and Prometheus's
   * Kubernetes discovery sets one too.
   */
  public static final String SERVICE_TAG = "gengap_service";

  /** Micrometer's gRPC server timer: the fleet board's latency percentiles come from it. */
  static final String GRPC_SERVER_DURATION = "grpc.server.processing.duration";

  private ServiceMetrics() {}

  /**
   * A Prometheus registry tagged {@code gengap_service=<service>}, with JVM and process meters
   * bound, and the resident set size: DJL's tensors live in native memory that no JVM meter sees.
   */
  public static PrometheusMeterRegistry newPrometheusRegistry(String service) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags(SERVICE_TAG, service).meterFilter(grpcLatencyHistogram());
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    ResidentMemory.bindTo(registry);
    return registry;
  }

  /**
   * Publishes histogram buckets for the gRPC server timer, so Prometheus can compute p50/p95/p99
   * per method across replicas. Bounded from 1 ms (a unary call) to 4 h (an epoch stream) to keep
   * the bucket count per method modest.
   */
  private static MeterFilter grpcLatencyHistogram() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().equals(GRPC_SERVER_DURATION)) {
          return config;
        }
        return DistributionStatisticConfig.builder()
            .percentilesHistogram(true)
            .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
            .maximumExpectedValue((double) Duration.ofHours(4).toNanos())
            .build()
            .merge(config);
      }
    };
  }
}
