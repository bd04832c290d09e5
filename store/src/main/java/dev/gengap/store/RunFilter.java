package dev.gengap.store;

import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.ModelKind;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Which runs {@link RunRepository#list} returns; every part is optional and they combine with AND.
 *
 * @param statuses only runs in these states; empty = all
 */
public record RunFilter(
    Set<RunStatus> statuses,
    OptionalLong sweepId,
    Optional<ModelKind> model,
    Optional<CorruptionKind> corruption) {

  public static final RunFilter ALL =
      new RunFilter(Set.of(), OptionalLong.empty(), Optional.empty(), Optional.empty());

  public RunFilter {
    statuses = Set.copyOf(statuses);
    Objects.requireNonNull(sweepId, "sweepId");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(corruption, "corruption");
  }
}
