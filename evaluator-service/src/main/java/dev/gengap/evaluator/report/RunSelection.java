package dev.gengap.evaluator.report;

import dev.gengap.plumbing.InvalidArgumentException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Which runs a report covers: the union of {@code runIds} and the runs of {@code sweepId}.
 *
 * @param sweepId empty = no sweep
 */
public record RunSelection(List<Long> runIds, OptionalLong sweepId) {
  public RunSelection {
    runIds = List.copyOf(runIds);
    for (int i = 0; i < runIds.size(); i++) {
      if (runIds.get(i) <= 0) {
        throw new InvalidArgumentException(
            "run_ids[" + i + "]", "must be > 0, was " + runIds.get(i));
      }
    }
    if (sweepId.isPresent() && sweepId.getAsLong() <= 0) {
      throw new InvalidArgumentException(
          "sweep_id", "must be > 0 (or 0 for none), was " + sweepId.getAsLong());
    }
    if (runIds.isEmpty() && sweepId.isEmpty()) {
      throw new InvalidArgumentException("run_ids", "give run ids, a sweep_id, or both");
    }
  }
}
