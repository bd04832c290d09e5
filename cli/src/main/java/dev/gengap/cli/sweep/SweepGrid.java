package dev.gengap.cli.sweep;

import dev.gengap.cli.spec.ProtoMapReader;
import dev.gengap.cli.spec.SpecFileException;
import dev.gengap.cli.spec.SpecFiles;
import dev.gengap.proto.v1.RunSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep as a grid: a base run spec, optional named runs, and axes, each a dotted spec field with
 * the values it takes. The sweep's runs are the cartesian product of the runs (each merged over the
 * base; one plain base run when there are none) and the axes, runs slowest, then the first axis
 * (nested loops in the file's order). {@code runs} lists rows that do not form a grid, such as the
 * paper's Table 1.
 *
 * <pre>
 * name: figure1-label-corruption
 * base:
 *   data: {corruption: PARTIAL_LABELS}
 *   model: {kind: MLP_1X512}
 * axes:
 *   data.corruption_probability: [0, 0.2, 0.4, 0.6, 0.8, 1.0]
 * </pre>
 */
public record SweepGrid(
    String source, String name, Map<?, ?> base, List<Map<?, ?>> runs, Map<String, List<?>> axes) {
  /** CreateSweepRequest's limit. */
  public static final int MAX_RUNS = 10_000;

  private static final Set<String> KEYS = Set.of("name", "base", "runs", "axes");

  public SweepGrid {
    base = base == null ? Map.of() : base;
    runs = runs == null || runs.isEmpty() ? List.of(Map.of()) : List.copyOf(runs);
    axes = axes == null ? Map.of() : axes;
  }

  public static SweepGrid read(Path file) {
    String source = file.toString();
    Map<?, ?> top = SpecFiles.readMapping(file);
    for (Object key : top.keySet()) {
      if (!KEYS.contains(String.valueOf(key))) {
        throw new SpecFileException(
            source, "unknown field '" + key + "' (a grid has name, base, runs and axes)");
      }
    }
    if (!(top.get("name") instanceof String name) || name.isBlank()) {
      throw new SpecFileException(source, "name: required, the sweep's name");
    }
    Object base = top.get("base");
    if (base != null && !(base instanceof Map)) {
      throw new SpecFileException(source, "base: expected a mapping of run spec fields");
    }
    List<Map<?, ?>> runs = new ArrayList<>();
    Object runsTree = top.get("runs");
    if (runsTree != null) {
      if (!(runsTree instanceof List<?> list) || list.isEmpty()) {
        throw new SpecFileException(source, "runs: expected a non-empty list of run spec fields");
      }
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof Map<?, ?> run)) {
          throw new SpecFileException(source, "runs[" + i + "]: expected a mapping of fields");
        }
        runs.add(run);
      }
    }
    Map<String, List<?>> axes = new LinkedHashMap<>();
    Object axesTree = top.get("axes");
    if (axesTree != null) {
      if (!(axesTree instanceof Map<?, ?> axesMap)) {
        throw new SpecFileException(source, "axes: expected a mapping of field: [values]");
      }
      for (Map.Entry<?, ?> axis : axesMap.entrySet()) {
        String field = String.valueOf(axis.getKey());
        if (!(axis.getValue() instanceof List<?> values) || values.isEmpty()) {
          throw new SpecFileException(
              source, "axes." + field + ": expected a non-empty list of values");
        }
        axes.put(field, values);
      }
    }
    return new SweepGrid(source, name, (Map<?, ?>) base, runs, axes);
  }

  /** How many runs the grid holds. */
  public long size() {
    long size = runs.size();
    for (List<?> values : axes.values()) {
      size *= values.size();
    }
    return size;
  }

  /** Every run of the grid, first axis slowest, each checked against RunSpec's fields. */
  public List<RunSpec> expand() {
    if (size() > MAX_RUNS) {
      throw new SpecFileException(
          source, "the grid holds " + size() + " runs; a sweep holds at most " + MAX_RUNS);
    }
    List<String> fields = List.copyOf(axes.keySet());
    List<RunSpec> specs = new ArrayList<>();
    ProtoMapReader reader = new ProtoMapReader(source);
    for (Map<?, ?> run : runs) {
      int[] index = new int[fields.size()];
      for (long n = 0; n < size() / runs.size(); n++) {
        Map<String, Object> tree = deepCopy(base);
        mergeInto(tree, run);
        for (int axis = 0; axis < fields.size(); axis++) {
          put(tree, fields.get(axis), axes.get(fields.get(axis)).get(index[axis]));
        }
        RunSpec.Builder spec = RunSpec.newBuilder();
        reader.merge(tree, spec);
        specs.add(spec.build());
        advance(index, fields);
      }
    }
    return specs;
  }

  /** Odometer step: the last axis turns fastest. */
  private void advance(int[] index, List<String> fields) {
    for (int axis = fields.size() - 1; axis >= 0; axis--) {
      index[axis]++;
      if (index[axis] < axes.get(fields.get(axis)).size()) {
        return;
      }
      index[axis] = 0;
    }
  }

  private void put(Map<String, Object> tree, String dottedField, Object value) {
    String[] parts = dottedField.split("\\.");
    Map<String, Object> node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      Object child = node.get(parts[i]);
      if (child == null) {
        child = new LinkedHashMap<String, Object>();
        node.put(parts[i], child);
      } else if (!(child instanceof Map)) {
        throw new SpecFileException(
            source, "axes." + dottedField + ": base field '" + parts[i] + "' is not a mapping");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> next = (Map<String, Object>) child;
      node = next;
    }
    node.put(parts[parts.length - 1], value);
  }

  /** Deep merge: a run's mapping refines the base's, its other values replace them. */
  private static void mergeInto(Map<String, Object> tree, Map<?, ?> run) {
    run.forEach(
        (key, value) -> {
          String field = String.valueOf(key);
          if (value instanceof Map<?, ?> nested && tree.get(field) instanceof Map<?, ?> existing) {
            Map<String, Object> merged = deepCopy(existing);
            mergeInto(merged, nested);
            tree.put(field, merged);
          } else {
            tree.put(field, value instanceof Map<?, ?> nested ? deepCopy(nested) : value);
          }
        });
  }

  private static Map<String, Object> deepCopy(Map<?, ?> tree) {
    Map<String, Object> copy = new LinkedHashMap<>();
    tree.forEach(
        (key, value) ->
            copy.put(
                String.valueOf(key), value instanceof Map<?, ?> nested ? deepCopy(nested) : value));
    return copy;
  }
}
