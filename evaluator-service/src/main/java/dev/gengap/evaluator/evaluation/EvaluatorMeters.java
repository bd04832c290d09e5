package dev.gengap.evaluator.evaluation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The evaluator's meters, registered eagerly: {@code gengap.evaluator.evaluations} (tag {@code
 * outcome} succeeded|failed) and {@code gengap.evaluator.evaluation.duration}.
 */
public final class EvaluatorMeters {
  private final Counter succeeded;
  private final Counter failed;
  private final Timer duration;

  public EvaluatorMeters(MeterRegistry registry) {
    this.succeeded = outcome(registry, "succeeded");
    this.failed = outcome(registry, "failed");
    this.duration =
        Timer.builder("gengap.evaluator.evaluation.duration")
            .description("Wall-clock time of one evaluation (train and test split)")
            .register(registry);
  }

  private static Counter outcome(MeterRegistry registry, String outcome) {
    return Counter.builder("gengap.evaluator.evaluations")
        .description("Evaluations attempted, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  void succeeded(Duration took) {
    succeeded.increment();
    duration.record(took);
  }

  void failed(Duration took) {
    failed.increment();
    duration.record(took);
  }
}
