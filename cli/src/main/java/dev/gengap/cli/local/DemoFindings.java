package dev.gengap.cli.local;

import dev.gengap.cli.Display;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.TableRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the demo's numbers show, in two sentences computed from the evaluated rows: whether random
 * labels were fitted and where their test accuracy sits against chance, and how far true and
 * partial labels generalize beside them.
 */
final class DemoFindings {
  /** One in ten classes. */
  static final double CHANCE = 0.10;

  /** Within this of 10 %, a test accuracy is called chance level. */
  static final double CHANCE_MARGIN = 0.02;

  /** A training accuracy from which labels count as fitted. */
  static final double FITTED = 0.95;

  private DemoFindings() {}

  static List<String> sentences(List<TableRow> rows) {
    Optional<TableRow> trueLabels = find(rows, CorruptionKind.CORRUPTION_KIND_TRUE_LABELS);
    Optional<TableRow> partial = find(rows, CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS);
    Optional<TableRow> random = find(rows, CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS);
    List<String> sentences = new ArrayList<>();
    random.ifPresent(row -> sentences.add(randomLabels(row)));
    trueLabels.ifPresent(row -> sentences.add(signal(row, partial, random)));
    if (sentences.isEmpty()) {
      sentences.add("No run of the demo has an evaluation, so there is nothing to compare.");
    }
    return sentences;
  }

  private static String randomLabels(TableRow random) {
    String train = pct(random.getTrainAccuracy());
    String test = pct(random.getTestAccuracy());
    String sentence =
        random.getTrainAccuracy() >= FITTED
            ? "Random labels were fitted to " + train + " training accuracy yet score " + test
            : "Random labels reached only "
                + train
                + " training accuracy in "
                + random.getEpochs()
                + " epochs (not fitted; give them more epochs) and score "
                + test;
    double offChance = random.getTestAccuracy() - CHANCE;
    if (Math.abs(offChance) <= CHANCE_MARGIN) {
      return sentence + " on test data — chance level for ten classes.";
    }
    return sentence
        + " on test data, "
        + points(Math.abs(offChance))
        + (offChance > 0 ? " above" : " below")
        + " the 10 % of chance.";
  }

  private static String signal(
      TableRow trueLabels, Optional<TableRow> partial, Optional<TableRow> random) {
    StringBuilder sentence =
        new StringBuilder("True labels reach ")
            .append(pct(trueLabels.getTrainAccuracy()))
            .append(" / ")
            .append(pct(trueLabels.getTestAccuracy()));
    partial.ifPresent(
        row ->
            sentence
                .append(" and partial labels (p = ")
                .append(Display.decimal(row.getCorruptionProbability()))
                .append(") ")
                .append(pct(row.getTrainAccuracy()))
                .append(" / ")
                .append(pct(row.getTestAccuracy())));
    sentence.append(" (train / test)");
    boolean generalizes =
        random.isEmpty()
            || trueLabels.getTestAccuracy() - random.get().getTestAccuracy() > CHANCE_MARGIN;
    boolean allFitted =
        trueLabels.getTrainAccuracy() >= FITTED
            && partial.map(r -> r.getTrainAccuracy() >= FITTED).orElse(true)
            && random.map(r -> r.getTrainAccuracy() >= FITTED).orElse(true);
    if (generalizes) {
      sentence.append(
          allFitted
              ? ", so the same network, recipe and data size, fitting every labelling, generalize"
                  + " only as far as the labels carry signal"
              : ", so test accuracy follows the signal left in the labels");
      List<Double> gaps = new ArrayList<>();
      gaps.add(trueLabels.getAccuracyGap());
      partial.ifPresent(row -> gaps.add(row.getAccuracyGap()));
      random.ifPresent(row -> gaps.add(row.getAccuracyGap()));
      if (gaps.size() > 1) {
        boolean grows = true;
        for (int i = 1; i < gaps.size(); i++) {
          grows &= gaps.get(i) > gaps.get(i - 1);
        }
        sentence
            .append(grows ? ": the gap grows from " : ": the gaps are ")
            .append(
                String.join(
                    grows ? " to " : ", ", gaps.stream().map(DemoFindings::points).toList()));
      }
      return sentence.append('.').toString();
    }
    return sentence
        .append(", no better on test data than random labels: train longer or on more data.")
        .toString();
  }

  private static Optional<TableRow> find(List<TableRow> rows, CorruptionKind kind) {
    return rows.stream()
        .filter(row -> row.getCorruption() == kind && row.getHasEvaluation())
        .findFirst();
  }

  private static String pct(double fraction) {
    return String.format(java.util.Locale.ROOT, "%.1f %%", fraction * 100);
  }

  private static String points(double fraction) {
    return String.format(java.util.Locale.ROOT, "%.1f points", fraction * 100);
  }
}
