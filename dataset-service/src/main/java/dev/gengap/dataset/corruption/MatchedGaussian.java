package dev.gengap.dataset.corruption;

import java.util.SplittableRandom;

/**
 * The normal to draw GAUSSIAN pixels from so that, after rounding and clipping to 0..255, the
 * served pixels have a target mean and standard deviation (the paper: "matching mean and
 * variance"). Drawing from N(mean, std) itself would not: clipping the tails at 0 and 255 removes
 * 4–5 % of a CIFAR-10 channel's standard deviation, so the draw is widened and shifted until the
 * rounded, clipped distribution's exact moments equal the target.
 *
 * @param drawMean mean of the normal drawn from
 * @param drawStd standard deviation of the normal drawn from
 */
record MatchedGaussian(double drawMean, double drawStd) {
  private static final int MAX_VALUE = 255;
  private static final int ITERATIONS = 200;

  /** Solves for the draw whose rounded, clipped moments are {@code mean} and {@code std}. */
  static MatchedGaussian forMoments(double mean, double std) {
    if (!(mean > 0 && mean < MAX_VALUE && std > 0)) {
      throw new IllegalArgumentException(
          "channel statistics: need 0 < mean < 255 and std > 0, was " + mean + ", " + std);
    }
    MatchedGaussian draw = new MatchedGaussian(mean, std);
    // A fixed point: the served moments move almost one-for-one with the draw's, so correcting
    // the draw by the remaining error converges in a few dozen steps.
    for (int i = 0; i < ITERATIONS; i++) {
      double[] served = draw.servedMoments();
      draw = new MatchedGaussian(draw.drawMean + mean - served[0], draw.drawStd * std / served[1]);
    }
    return draw;
  }

  /** One pixel value: a draw, rounded and clipped to 0..255. */
  int draw(SplittableRandom random) {
    long value = Math.round(drawMean + drawStd * random.nextGaussian());
    return (int) Math.max(0, Math.min(MAX_VALUE, value));
  }

  /** The exact mean and standard deviation of {@link #draw}'s values, from the normal's CDF. */
  double[] servedMoments() {
    double sum = 0;
    double sumSquares = 0;
    double below = 0; // P(value < k − 0.5), i.e. of every smaller value
    for (int k = 0; k <= MAX_VALUE; k++) {
      double upTo = k == MAX_VALUE ? 1 : normalCdf((k + 0.5 - drawMean) / drawStd);
      double p = upTo - below;
      sum += p * k;
      sumSquares += p * k * k;
      below = upTo;
    }
    return new double[] {sum, Math.sqrt(sumSquares - sum * sum)};
  }

  /** Φ(z) via erfc (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
  static double normalCdf(double z) {
    double x = -z / Math.sqrt(2);
    double t = 1 / (1 + 0.5 * Math.abs(x));
    double erfc =
        t
            * Math.exp(
                -x * x
                    - 1.26551223
                    + t
                        * (1.00002368
                            + t
                                * (0.37409196
                                    + t
                                        * (0.09678418
                                            + t
                                                * (-0.18628806
                                                    + t
                                                        * (0.27886807
                                                            + t
                                                                * (-1.13520398
                                                                    + t
                                                                        * (1.48851587
                                                                            + t
                                                                                * (-0.82215223
                                                                                    + t
                                                                                        * 0.17087277)))))))));
    return 0.5 * (x >= 0 ? erfc : 2 - erfc);
  }
}
