package dev.gengap.evaluator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EvaluationsTest {
  @Test
  void retryDelayDoublesFromThirtySecondsUpToAnHour() {
    assertThat(Evaluations.retryDelay(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(Evaluations.retryDelay(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(Evaluations.retryDelay(4)).isEqualTo(Duration.ofSeconds(240));
    assertThat(Evaluations.retryDelay(8)).isEqualTo(Duration.ofHours(1));
    assertThat(Evaluations.retryDelay(1_000)).isEqualTo(Duration.ofHours(1));
  }
}
