package dev.gengap.learning.interpolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class InterpolantTest {
  private final Examples train = Synthetic.examples(40, 30, 4, 3, false);
  private final Examples test = Synthetic.examples(20, 30, 4, 4, false);

  @Test
  void kernelCheckpointPredictsAsTheFitDoesAndChecksItsTrainingPoints() {
    KernelInterpolation.Fit fit = KernelInterpolation.fit(train, new RbfKernel(0.05), 0);
    Interpolant kernel =
        new Interpolant.Kernel(1, 0.05, fit.model().alpha(), Interpolant.fingerprint(train));

    Interpolant read = Interpolant.fromBytes(kernel.toBytes());

    assertThat(read.epoch()).isEqualTo(1);
    assertThat(read.measure(train, train).accuracy()).isEqualTo(fit.trainAccuracy()).isEqualTo(1);
    assertThat(read.measure(train, test).accuracy())
        .isEqualTo(test.accuracy(fit.model().scores(test.features())));
    assertThat(read.measure(train, test).examples()).isEqualTo(20);
    Examples other = Synthetic.examples(40, 30, 4, 9, false);
    assertThatThrownBy(() -> read.measure(other, test))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not the one α was solved on");
  }

  @Test
  void linearCheckpointKeepsBothSolutions() {
    Examples few = Synthetic.examples(20, 30, 4, 6, false); // n < d: under-determined
    DMatrixRMaj minimumNorm = MinimumNormLinear.solve(few);
    LinearSgd sgd = new LinearSgd(few, minimumNorm, 1.0, 1);
    sgd.nextEpoch();
    Interpolant.Linear linear = new Interpolant.Linear(1, sgd.weights(), minimumNorm);

    Interpolant.Linear read = (Interpolant.Linear) Interpolant.fromBytes(linear.toBytes());

    assertThat(read.minimumNorm().data).containsExactly(minimumNorm.data);
    assertThat(read.measureMinimumNorm(few).accuracy()).isEqualTo(1.0);
    assertThat(read.measureMinimumNorm(few).loss()).isLessThan(1e-12);
    assertThat(read.measure(few, few).loss()).isPositive();
  }

  @Test
  void theorem1CheckpointReproducesTheNetwork() {
    Examples random = Synthetic.examples(50, 30, 10, 5, true);
    TwoLayerInterpolant network = TwoLayerInterpolant.fit(random, 2);

    Interpolant.Theorem1 read =
        (Interpolant.Theorem1)
            Interpolant.fromBytes(new Interpolant.Theorem1(1, network).toBytes());

    assertThat(read.network().weightCount()).isEqualTo(2L * 50 + 30);
    assertThat(read.measure(random, random).accuracy()).isEqualTo(1.0);
    assertThat(read.measure(random, random).loss()).isLessThan(1e-6);
  }

  @Test
  void otherBytesAreRefused() {
    assertThatThrownBy(() -> Interpolant.fromBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad magic");
  }
}
