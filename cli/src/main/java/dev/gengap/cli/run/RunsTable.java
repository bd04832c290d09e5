package dev.gengap.cli.run;

import dev.gengap.cli.Display;
import dev.gengap.cli.output.TextTable;
import dev.gengap.cli.spec.ProtoEnumNames;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.Run;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Runs as a plain-text table with aligned columns, for {@code gengap runs}. */
public final class RunsTable {
  private static final List<String> HEADER =
      List.of(
          "ID",
          "STATUS",
          "MODEL",
          "CORRUPTION",
          "P",
          "EPOCH",
          "LOSS",
          "TRAIN_ACC",
          "SWEEP",
          "CREATED",
          "NAME");
  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private RunsTable() {}

  public static String render(List<Run> runs) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (Run run : runs) {
      rows.add(row(run));
    }
    return TextTable.render(rows);
  }

  private static List<String> row(Run run) {
    CorruptionKind corruption = run.getSpec().getData().getCorruption();
    boolean labelNoise =
        corruption == CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS
            || corruption == CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS;
    int maxEpochs = run.getSpec().getRecipe().getMaxEpochs();
    return List.of(
        Long.toString(run.getRunId()),
        ProtoEnumNames.shortName(run.getStatus()),
        ProtoEnumNames.shortName(run.getSpec().getModel().getKind()),
        ProtoEnumNames.shortName(corruption),
        labelNoise ? Display.decimal(run.getSpec().getData().getCorruptionProbability()) : "-",
        run.getEpochsCompleted() + (maxEpochs > 0 ? "/" + maxEpochs : ""),
        run.hasLatest() ? String.format(Locale.ROOT, "%.4f", run.getLatest().getTrainLoss()) : "-",
        run.hasLatest() ? Display.percent(run.getLatest().getTrainAccuracy()) + "%" : "-",
        run.getSweepId() == 0 ? "-" : Long.toString(run.getSweepId()),
        run.hasCreatedAt()
            ? CREATED.format(Instant.ofEpochSecond(run.getCreatedAt().getSeconds()))
            : "-",
        run.getDisplayName());
  }
}
