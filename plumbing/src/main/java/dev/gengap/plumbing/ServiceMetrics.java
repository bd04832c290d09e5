package dev.gengap.plumbing;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Creates the Prometheus registry every gengap service exposes on its admin port. */
public final class ServiceMetrics {
  /** The common tag naming the gengap service (dataset, trainer, evaluator). */
  public static final String SERVICE_TAG = "service";

  private ServiceMetrics() {}

  /**
   * A Prometheus registry tagged {@code service=<service>}, with JVM and process meters bound. gRPC
   * meters keep their own {@code service} tag (the gRPC service name), which wins over the common
   * tag on those meters.
   */
  public static PrometheusMeterRegistry newPrometheusRegistry(String service) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags(SERVICE_TAG, service);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    return registry;
  }
}
