package dev.gengap.dataset.server;

import dev.gengap.dataset.stream.Split;
import dev.gengap.spec.Datasets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Predicate;

/** The dataset service's meters, registered eagerly so dashboards see zeros, not gaps. */
public final class DatasetMeters {
  /** Why a stream ended early. */
  enum StreamError {
    CANCELLED,
    DEADLINE_EXCEEDED,
    INVALID_ARGUMENT,
    INTERNAL
  }

  private final Map<Split, Counter> batches = new EnumMap<>(Split.class);
  private final Map<Split, Counter> images = new EnumMap<>(Split.class);
  private final Map<StreamError, Counter> errors = new EnumMap<>(StreamError.class);
  private final Timer variantBuild;
  private final MeterRegistry registry;

  public DatasetMeters(MeterRegistry registry) {
    this.registry = registry;
    for (Split split : Split.values()) {
      String tag = split.name().toLowerCase();
      batches.put(
          split,
          Counter.builder("gengap.dataset.batches.served")
              .description("Batches sent to clients")
              .tag("split", tag)
              .register(registry));
      images.put(
          split,
          Counter.builder("gengap.dataset.images.served")
              .description("Images sent to clients")
              .tag("split", tag)
              .register(registry));
    }
    for (StreamError reason : StreamError.values()) {
      errors.put(
          reason,
          Counter.builder("gengap.dataset.stream.errors")
              .description("Streams that ended before their last batch")
              .tag("reason", reason.name().toLowerCase())
              .register(registry));
    }
    variantBuild =
        Timer.builder("gengap.dataset.variant.build")
            .description("Time to materialize one corrupted variant")
            .register(registry);
  }

  /**
   * One gauge per known data set, 1 where it is served and 0 where it is not (its directory flag
   * unset): each data set's health, beside the service's own.
   */
  public void reportAvailability(Predicate<String> served) {
    for (Datasets.Dataset dataset : Datasets.all()) {
      boolean available = served.test(dataset.name());
      Gauge.builder("gengap.dataset.available", () -> available ? 1 : 0)
          .description("Whether the data set is loaded and served (1) or not configured (0)")
          .tag("dataset", dataset.name())
          .register(registry);
    }
  }

  public Timer variantBuild() {
    return variantBuild;
  }

  void served(Split split, int imageCount) {
    batches.get(split).increment();
    images.get(split).increment(imageCount);
  }

  void streamError(StreamError reason) {
    errors.get(reason).increment();
  }
}
