package dev.gengap.evaluator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gengap.plumbing.InvalidArgumentException;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RunSelectionTest {
  @Test
  void rejectsAnEmptySelectionAndNonPositiveIdsNamingTheField() {
    assertThatThrownBy(() -> new RunSelection(List.of(), OptionalLong.empty()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("run_ids: give run ids, a sweep_id, or both");
    assertThatThrownBy(() -> new RunSelection(List.of(3L, 0L), OptionalLong.empty()))
        .hasMessage("run_ids[1]: must be > 0, was 0");
    assertThatThrownBy(() -> new RunSelection(List.of(), OptionalLong.of(-2)))
        .hasMessage("sweep_id: must be > 0 (or 0 for none), was -2");
  }

  @Test
  void acceptsRunsASweepOrBoth() {
    assertThat(new RunSelection(List.of(1L), OptionalLong.empty()).runIds()).containsExactly(1L);
    assertThat(new RunSelection(List.of(), OptionalLong.of(4)).sweepId()).hasValue(4);
  }
}
