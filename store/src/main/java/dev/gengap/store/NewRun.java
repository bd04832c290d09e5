package dev.gengap.store;

import dev.gengap.proto.v1.RunSpec;
import java.util.Objects;

/**
 * A run to queue: its resolved spec (every default filled in), the display name derived from it,
 * and the principal who submitted it. The store copies the filter columns (model, corruption, p)
 * out of the spec.
 *
 * @param submittedBy the authenticated caller; "" for runs made outside the API (benchmarks)
 */
public record NewRun(RunSpec spec, String displayName, String submittedBy) {
  public NewRun {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(submittedBy, "submittedBy");
  }

  /** A run made outside the API (a benchmark, a test): no submitter. */
  public NewRun(RunSpec spec, String displayName) {
    this(spec, displayName, "");
  }
}
