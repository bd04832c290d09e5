package dev.gengap.dataset.source;

import java.util.ArrayList;
import java.util.List;

/**
 * Mean and population standard deviation of one channel, in pixel units 0..255.
 *
 * @param channel "R", "G" or "B" for colour images, "L" (luminance) for grey ones
 */
public record ChannelStats(String channel, double mean, double std) {
  private static final List<String> RGB = List.of("R", "G", "B");
  private static final String GREY = "L";

  /** Statistics of each channel over all images in {@code images}, laid out as {@code shape}. */
  public static List<ChannelStats> of(byte[] images, ImageShape shape) {
    int count = images.length / shape.imageBytes();
    List<ChannelStats> stats = new ArrayList<>(shape.channels());
    for (int c = 0; c < shape.channels(); c++) {
      // Exact integer sums: 60,000 × 1024 × 255² fits a long easily.
      long sum = 0;
      long sumSquares = 0;
      for (int i = 0; i < count; i++) {
        int base = i * shape.imageBytes() + c * shape.plane();
        for (int p = 0; p < shape.plane(); p++) {
          int v = images[base + p] & 0xFF;
          sum += v;
          sumSquares += v * v;
        }
      }
      double n = (double) count * shape.plane();
      double mean = sum / n;
      double variance = Math.max(0, sumSquares / n - mean * mean);
      String name = shape.channels() == RGB.size() ? RGB.get(c) : GREY;
      stats.add(new ChannelStats(name, mean, Math.sqrt(variance)));
    }
    return List.copyOf(stats);
  }
}
