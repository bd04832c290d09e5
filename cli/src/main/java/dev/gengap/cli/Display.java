package dev.gengap.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/** How numbers read in gengap's output: percentages, probabilities, durations. */
public final class Display {
  private Display() {}

  /** 0.99975 → "99.98". */
  public static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f", fraction * 100);
  }

  /** The shortest exact decimal: 0.2 → "0.2", 1.0 → "1", 5e-4 → "0.0005". */
  public static String decimal(double value) {
    BigDecimal exact = BigDecimal.valueOf(value).stripTrailingZeros();
    return exact.scale() < 0 ? exact.setScale(0).toPlainString() : exact.toPlainString();
  }

  /** 42 s → "42s", 443 s → "7m23s", 7500 s → "2h05m". */
  public static String duration(Duration duration) {
    long seconds = Math.max(0, Math.round(duration.toMillis() / 1000.0));
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
  }
}
