package dev.gengap.learning.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11's sporadic NaN: with DJL's own {@code manager.create(float[])} a garbage collection
 * during MXNet's copy freed the buffer being copied, so arrays came out with other bytes (or the
 * JVM died in MXNDArraySyncCopyFromCPU). Here a thread churns the heap so the collector runs all
 * the time while batches are created; every array must hold exactly its input.
 */
class HostArraysIT {

  private static final int BATCHES = 600;

  @ParameterizedTest
  @ValueSource(strings = {"MXNet", "PyTorch"})
  void everyArrayHoldsItsInputWhileTheCollectorRuns(String engine) throws InterruptedException {
    float[] pixels = new float[128 * LabeledBatch.IMAGE_VALUES];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) Math.sin(i);
    }
    int[] labels = new int[128];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 10;
    }
    Shape shape = new Shape(128, 3, 28, 28);
    int wrong = 0;
    try (HeapChurn churn = HeapChurn.start();
        NDManager root = Engine.getEngine(engine).newBaseManager()) {
      for (int b = 0; b < BATCHES; b++) {
        try (NDManager step = root.newSubManager()) {
          if (!java.util.Arrays.equals(
                  HostArrays.floats(step, pixels, shape).toFloatArray(), pixels)
              || !java.util.Arrays.equals(HostArrays.ints(step, labels).toIntArray(), labels)) {
            wrong++;
          }
        }
      }
    }
    assertThat(wrong).as("batches whose array differs from its input").isZero();
  }
}
