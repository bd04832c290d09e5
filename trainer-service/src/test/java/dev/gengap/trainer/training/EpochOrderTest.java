package dev.gengap.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.dataset.corruption.Draws;
import dev.gengap.dataset.corruption.Purpose;
import dev.gengap.learning.data.EpochOrder;
import org.junit.jupiter.api.Test;

/** The trainer's local epoch order is exactly the order the dataset-service serves. */
class EpochOrderTest {

  @Test
  void equalsTheDatasetServicesShuffle() {
    for (long seed : new long[] {0, 1, 3, 42, -7, Long.MAX_VALUE}) {
      for (int epoch = 1; epoch <= 20; epoch++) {
        for (int size : new int[] {1, 2, 500, 10_000, 50_000}) {
          int[] served = new int[size];
          Draws.permutation(Draws.generator(seed, Purpose.EPOCH_ORDER, epoch), served);
          assertThat(EpochOrder.shuffled(seed, epoch, size)).isEqualTo(served);
        }
      }
    }
  }
}
