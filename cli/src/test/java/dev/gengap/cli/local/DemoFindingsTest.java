package dev.gengap.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.TableRow;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoFindingsTest {
  static TableRow row(CorruptionKind kind, double p, double train, double test, int epochs) {
    return TableRow.newBuilder()
        .setCorruption(kind)
        .setCorruptionProbability(p)
        .setHasEvaluation(true)
        .setTrainAccuracy(train)
        .setTestAccuracy(test)
        .setAccuracyGap(train - test)
        .setEpochs(epochs)
        .build();
  }

  @Test
  void fittedRandomLabelsAtChanceAndGrowingGapsSayLabelsCarryTheSignal() {
    List<String> sentences =
        DemoFindings.sentences(
            List.of(
                row(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS, 0, 0.9951, 0.4770, 20),
                row(CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS, 0.5, 0.9950, 0.2846, 31),
                row(CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS, 1, 0.9937, 0.0981, 34)));

    assertThat(sentences)
        .containsExactly(
            "Random labels were fitted to 99.4 % training accuracy yet score 9.8 % on test data"
                + " — chance level for ten classes.",
            "True labels reach 99.5 % / 47.7 % and partial labels (p = 0.5) 99.5 % / 28.5 %"
                + " (train / test), so the same network, recipe and data size, fitting every"
                + " labelling, generalize only as far as the labels carry signal: the gap grows"
                + " from 51.8 points to 71.0 points to 89.6 points.");
  }

  @Test
  void unfittedRandomLabelsAndNoGeneralizationAreSaidAsSuch() {
    List<String> sentences =
        DemoFindings.sentences(
            List.of(
                row(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS, 0, 0.40, 0.11, 3),
                row(CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS, 1, 0.30, 0.15, 3)));

    assertThat(sentences.get(0))
        .startsWith("Random labels reached only 30.0 % training accuracy in 3 epochs")
        .endsWith("5.0 points above the 10 % of chance.");
    assertThat(sentences.get(1))
        .endsWith("no better on test data than random labels: train longer or on more data.");
  }

  @Test
  void rowsWithoutEvaluationLeaveNothingToCompare() {
    assertThat(
            DemoFindings.sentences(
                List.of(
                    TableRow.newBuilder()
                        .setCorruption(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS)
                        .build())))
        .containsExactly("No run of the demo has an evaluation, so there is nothing to compare.");
  }
}
