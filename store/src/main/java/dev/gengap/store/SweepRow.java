package dev.gengap.store;

import java.time.Instant;
import java.util.List;

/** One row of {@code sweeps} with the ids of its runs in creation (= request) order. */
public record SweepRow(
    long id, String name, String requestId, Instant createdAt, List<Long> runIds) {
  public SweepRow {
    runIds = List.copyOf(runIds);
  }
}
