package dev.gengap.dataset.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gengap.dataset.source.ImageShape;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WhiteningTest {
  private static final int N = 2352;

  @Test
  void redImageWhitensToRootTwoAndMinusHalfRootTwo() {
    // Red 255, green and blue 0: a third of the values are 1, mean 1/3, std sqrt(2)/3.
    byte[] image = new byte[ImageShape.CIFAR10.imageBytes()];
    for (int q = 0; q < ImageShape.CIFAR10.plane(); q++) {
      image[q] = (byte) 255;
    }
    float[] out = whiten(image, Crop.center(ImageShape.CIFAR10));

    assertThat(out[0]).isCloseTo((float) Math.sqrt(2), within(1e-5f));
    assertThat(out[N - 1]).isCloseTo((float) (-Math.sqrt(2) / 2), within(1e-5f));
  }

  @Test
  void nearlyConstantImageIsDividedByTheFloorOneOverRootN() {
    byte[] image = filled(100);
    // One value of the center crop (channel G, row 2, column 2) is 101.
    image[ImageShape.CIFAR10.plane() + 2 * 32 + 2] = 101;
    float[] out = whiten(image, Crop.center(ImageShape.CIFAR10));

    // std = sqrt(p(1 − p))/255 with p = 1/2352, far below 1/sqrt(2352), so the floor divides.
    double expectedHigh = (1.0 / 255) * (1 - 1.0 / N) * Math.sqrt(N);
    double expectedLow = -(1.0 / 255) * (1.0 / N) * Math.sqrt(N);
    assertThat(out[28 * 28]).isCloseTo((float) expectedHigh, within(1e-6f));
    assertThat(out[0]).isCloseTo((float) expectedLow, within(1e-6f));
  }

  @Test
  void constantImageBecomesZerosNotNaN() {
    float[] out = whiten(filled(37), Crop.center(ImageShape.CIFAR10));
    for (float value : out) {
      assertThat(value).isEqualTo(0f);
    }
  }

  @Test
  void whitenedImageHasMeanZeroAndUnitStd() {
    byte[] image = new byte[ImageShape.CIFAR10.imageBytes()];
    for (int i = 0; i < image.length; i++) {
      image[i] = (byte) (i * 31 % 251);
    }
    float[] out = whiten(image, new Crop(1, 3));
    double sum = 0;
    double squares = 0;
    for (float v : out) {
      sum += v;
      squares += v * v;
    }
    assertThat(sum / N).isCloseTo(0, within(1e-5));
    assertThat(Math.sqrt(squares / N)).isCloseTo(1, within(1e-5));
  }

  @Test
  void everyCropTakesRowsAndColumnsFromItsCorner() {
    // Value = 7·row + col in every channel: whitening is affine per image, so the position of
    // each output value is recoverable from differences.
    byte[] image = new byte[ImageShape.CIFAR10.imageBytes()];
    for (int c = 0; c < 3; c++) {
      for (int row = 0; row < 32; row++) {
        for (int col = 0; col < 32; col++) {
          image[c * ImageShape.CIFAR10.plane() + row * 32 + col] = (byte) (7 * row + col + c);
        }
      }
    }
    for (int top = 0; top <= 4; top++) {
      for (int left = 0; left <= 4; left++) {
        float[] out = whiten(image, new Crop(top, left));
        float[] reference = referenceWhitening(image, top, left);
        for (int i = 0; i < N; i++) {
          assertThat(out[i])
              .as("corner %d,%d value %d", top, left, i)
              .isCloseTo(reference[i], within(1e-5f));
        }
      }
    }
    assertThat(Crop.center(ImageShape.CIFAR10)).isEqualTo(new Crop(2, 2));
  }

  @Test
  void aGreyImageOf28By28IsWhitenedWholeOverIts784Values() {
    ImageShape grey = new ImageShape(1, 28);
    byte[] image = new byte[grey.imageBytes()];
    for (int q = 0; q < image.length; q++) {
      image[q] = (byte) ((q * 37) % 256);
    }
    assertThat(Crop.center(grey)).isEqualTo(new Crop(0, 0));
    float[] out = new float[784 + 8];
    Whitening.cropAndWhiten(image, grey, 0, Crop.center(grey), out, 0);

    double mean = 0;
    for (byte b : image) {
      mean += (b & 0xFF) / 255.0 / 784;
    }
    double variance = 0;
    for (byte b : image) {
      double d = (b & 0xFF) / 255.0 - mean;
      variance += d * d / 784;
    }
    double divisor = Math.max(Math.sqrt(variance), 1 / Math.sqrt(784));
    for (int q = 0; q < 784; q++) {
      assertThat(out[q])
          .isCloseTo((float) (((image[q] & 0xFF) / 255.0 - mean) / divisor), within(1e-5f));
    }
    assertThat(out[784]).as("nothing written past the image").isZero();

    float[] flat = new float[784];
    java.util.Arrays.fill(image, (byte) 9);
    Whitening.cropAndWhiten(image, grey, 0, Crop.center(grey), flat, 0);
    // A constant image: the divisor is the 1/sqrt(784) floor and every value 0.
    for (float v : flat) {
      assertThat(v).isZero();
    }
  }

  @Test
  void randomCropsArePerSeedEpochAndIndexAndCoverEveryCorner() {
    assertThat(Crop.random(5, 3, 1000)).isEqualTo(Crop.random(5, 3, 1000));
    Set<Crop> seen = new HashSet<>();
    int differentNextEpoch = 0;
    for (int index = 0; index < 2000; index++) {
      Crop crop = Crop.random(5, 3, index);
      seen.add(crop);
      differentNextEpoch += crop.equals(Crop.random(5, 4, index)) ? 0 : 1;
    }
    assertThat(seen).hasSize(25);
    // Independent draws agree with probability 1/25.
    assertThat(differentNextEpoch).isGreaterThan(1800);
  }

  private static float[] whiten(byte[] image, Crop crop) {
    float[] out = new float[N + 8];
    Whitening.cropAndWhiten(image, ImageShape.CIFAR10, 0, crop, out, 0);
    return out;
  }

  private static byte[] filled(int value) {
    byte[] image = new byte[ImageShape.CIFAR10.imageBytes()];
    java.util.Arrays.fill(image, (byte) value);
    return image;
  }

  /** TensorFlow's per_image_standardization in doubles, straight from its definition. */
  private static float[] referenceWhitening(byte[] image, int top, int left) {
    double[] x = new double[N];
    int k = 0;
    for (int c = 0; c < 3; c++) {
      for (int row = top; row < top + 28; row++) {
        for (int col = left; col < left + 28; col++) {
          x[k++] = (image[c * ImageShape.CIFAR10.plane() + row * 32 + col] & 0xFF) / 255.0;
        }
      }
    }
    double mean = java.util.Arrays.stream(x).average().orElseThrow();
    double variance = java.util.Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / N;
    double divisor = Math.max(Math.sqrt(variance), 1 / Math.sqrt(N));
    float[] out = new float[N];
    for (int i = 0; i < N; i++) {
      out[i] = (float) ((x[i] - mean) / divisor);
    }
    return out;
  }
}
