package dev.gengap.store;

import dev.gengap.proto.v1.RunSpec;
import java.util.Objects;

/**
 * A run to queue: its resolved spec (every default filled in) and the display name derived from it.
 * The store copies the filter columns (model, corruption, p) out of the spec.
 */
public record NewRun(RunSpec spec, String displayName) {
  public NewRun {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(displayName, "displayName");
  }
}
