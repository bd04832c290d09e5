package dev.gengap.learning.training;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * One SGD step just taken: the run's step count so far, batch size and the host wall time of the
 * step. The batch loss stays on the device: {@link #loss()} reads it back, which waits for the
 * device, so only diagnostics should call it (training itself reads loss once per epoch).
 */
public record Step(
    long cumulativeSteps, int examples, Duration duration, DoubleSupplier lossReader) {

  /**
   * The batch loss; valid only during {@link StepListener#onStep}. Synchronizes with the device.
   */
  public double loss() {
    return lossReader.getAsDouble();
  }
}
