package dev.gengap.dataset.cifar;

import java.util.ArrayList;
import java.util.List;

/**
 * Mean and population standard deviation of one colour channel, in pixel units 0..255.
 *
 * @param channel "R", "G" or "B"
 */
public record ChannelStats(String channel, double mean, double std) {
  private static final List<String> NAMES = List.of("R", "G", "B");

  /** Statistics of each channel over all images in {@code images} (CIFAR-10 layout). */
  public static List<ChannelStats> of(byte[] images) {
    int count = images.length / Cifar10.IMAGE_BYTES;
    List<ChannelStats> stats = new ArrayList<>(Cifar10.CHANNELS);
    for (int c = 0; c < Cifar10.CHANNELS; c++) {
      // Exact integer sums: 50,000 × 1024 × 255² fits a long easily.
      long sum = 0;
      long sumSquares = 0;
      for (int i = 0; i < count; i++) {
        int base = i * Cifar10.IMAGE_BYTES + c * Cifar10.PLANE;
        for (int p = 0; p < Cifar10.PLANE; p++) {
          int v = images[base + p] & 0xFF;
          sum += v;
          sumSquares += v * v;
        }
      }
      double n = (double) count * Cifar10.PLANE;
      double mean = sum / n;
      double variance = Math.max(0, sumSquares / n - mean * mean);
      stats.add(new ChannelStats(NAMES.get(c), mean, Math.sqrt(variance)));
    }
    return List.copyOf(stats);
  }
}
