package dev.gengap.learning.interpolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class InterpolationTest {

  @Test
  void kernelInterpolationFitsEveryTrainingLabelAndGeneralizesOnLearnableData() {
    Examples train = Synthetic.examples(300, 40, 4, 1, false);
    Examples test = Synthetic.examples(200, 40, 4, 2, false);
    KernelInterpolation.Fit fit = KernelInterpolation.fit(train, new RbfKernel(0.2), 0);

    assertThat(fit.solver()).isEqualTo("cholesky");
    assertThat(fit.trainAccuracy()).isEqualTo(1.0);
    assertThat(fit.model().scores(train.features()).get(0, train.labels()[0]))
        .isCloseTo(1.0, within(1e-6));
    assertThat(test.accuracy(fit.model().scores(test.features()))).isGreaterThan(0.6);
    assertThat(fit.rkhsNorm()).isPositive();
    assertThat(fit.conditionEstimate()).isGreaterThan(1);
  }

  @Test
  void rkhsNormIsTheSquareRootOfYTransposeKInverseY() {
    // One example: K = [1], α = y, so tr(αᵀKα) = 1.
    Examples one = new Examples(new DMatrixRMaj(new double[][] {{0.3, 0.7}}), new int[] {1}, 2);
    KernelInterpolation.Fit fit = KernelInterpolation.fit(one, new RbfKernel(1), 0);
    assertThat(fit.rkhsNorm()).isCloseTo(1.0, within(1e-12));
    assertThat(fit.conditionEstimate()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void ridgeShrinksTheNormAndDuplicateInputsNeedIt() {
    Examples train = Synthetic.examples(100, 20, 3, 3, false);
    double exact = KernelInterpolation.fit(train, new RbfKernel(0.5), 0).rkhsNorm();
    double ridged = KernelInterpolation.fit(train, new RbfKernel(0.5), 0.1).rkhsNorm();
    assertThat(ridged).isLessThan(exact);

    DMatrixRMaj twice = new DMatrixRMaj(new double[][] {{0.1, 0.2}, {0.1, 0.2}});
    Examples duplicate = new Examples(twice, new int[] {0, 1}, 2);
    assertThatThrownBy(() -> KernelInterpolation.fit(duplicate, new RbfKernel(1), 0))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("ridge");
    assertThat(KernelInterpolation.fit(duplicate, new RbfKernel(1), 0.5).solver())
        .isEqualTo("cholesky");
  }

  @Test
  void memoryCheckFailsAtOnceSayingHowMuchIsNeeded() {
    assertThatThrownBy(() -> KernelInterpolation.checkMemory(50_000, 3072, 10, 8L << 30))
        .isInstanceOf(InsufficientMemoryException.class)
        .hasMessageContaining("n = 50,000")
        .hasMessageContaining("38.4 GiB")
        .hasMessageContaining("8.0 GiB are available");
    KernelInterpolation.checkMemory(1_000, 3072, 10, 1L << 30);
  }

  @Test
  void sgdFromZeroConvergesToTheMinimumNormInterpolant() {
    Examples train = Synthetic.examples(30, 200, 3, 4, true);
    DMatrixRMaj minimumNorm = MinimumNormLinear.solve(train);
    assertThat(train.accuracy(MinimumNormLinear.scores(minimumNorm, train.features())))
        .isEqualTo(1.0);

    List<LinearSgd.Epoch> epochs = new ArrayList<>();
    new LinearSgd(train, minimumNorm, 1.0, 7).run(400, epochs::add);

    LinearSgd.Epoch first = epochs.get(0);
    LinearSgd.Epoch last = epochs.get(epochs.size() - 1);
    assertThat(last.relativeDistance()).isLessThan(0.01).isLessThan(first.relativeDistance());
    assertThat(last.trainLoss()).isLessThan(first.trainLoss());
    assertThat(last.steps()).isEqualTo(400L * 30);
  }

  @Test
  void theoremOneFitsAnyLabellingWithTwoNPlusDWeights() {
    Examples random = Synthetic.examples(500, 50, 10, 5, true);
    TwoLayerInterpolant network = TwoLayerInterpolant.fit(random, 11);

    assertThat(network.weightCount()).isEqualTo(2L * 500 + 50);
    assertThat(network.accuracy(random)).isEqualTo(1.0);
    double[] outputs = network.outputs(random.features());
    for (int i = 0; i < outputs.length; i++) {
      assertThat(outputs[i]).isCloseTo(random.labels()[i], within(1e-6));
    }
    assertThat(network.largestWeight()).isPositive();
  }

  @Test
  void theoremOneRefusesIdenticalInputsWithDifferentLabels() {
    DMatrixRMaj twice = new DMatrixRMaj(new double[][] {{0.1, 0.2}, {0.1, 0.2}});
    assertThatThrownBy(() -> TwoLayerInterpolant.fit(new Examples(twice, new int[] {0, 1}, 2), 1))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("same projection");
  }
}
