package dev.gengap.learning.interpolation;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.ejml.data.DMatrixRMaj;

/**
 * A fitted interpolating model as its run's checkpoint: what the evaluator needs to predict.
 *
 * <p>Layout (big-endian, {@link DataOutputStream}): int magic {@code "GGIP"}, int format version,
 * int kind tag (1 kernel, 2 linear, 3 Theorem 1), int epoch, then the kind's payload. The kernel's
 * checkpoint holds α and a fingerprint of its training points, not the points themselves: the
 * evaluator streams the same training split in index order and checks the fingerprint before it
 * predicts with it.
 */
public sealed interface Interpolant {

  int MAGIC = 0x47474950; // "GGIP"
  int FORMAT_VERSION = 1;

  /** The epoch the model follows: 1 for the closed forms, the SGD epochs for the linear model. */
  int epoch();

  /** Accuracy and mean squared loss of the trained model on {@code examples}. */
  Measurement measure(Examples train, Examples examples);

  /**
   * A model's accuracy (0..1) and mean loss on some examples: ½‖f(x) − y‖² against one-hot targets
   * for the kernel and linear models, ½(c(x) − label)² for Theorem 1's single output.
   */
  record Measurement(double accuracy, double loss, int examples) {}

  /**
   * Table 3's kernel model: α for the Gaussian kernel of width γ centred on the run's training
   * points, whose fingerprint ({@link #fingerprint}) is kept to check them at evaluation.
   */
  record Kernel(int epoch, double gamma, DMatrixRMaj alpha, double trainFingerprint)
      implements Interpolant {
    @Override
    public Measurement measure(Examples train, Examples examples) {
      if (train.size() != alpha.numRows || fingerprint(train) != trainFingerprint) {
        throw new IllegalArgumentException(
            "checkpoint: the training split served now ("
                + train.size()
                + " examples) is not the one α was solved on ("
                + alpha.numRows
                + ")");
      }
      DMatrixRMaj scores =
          new KernelInterpolation(train, new RbfKernel(gamma), alpha).scores(examples.features());
      return new Measurement(
          examples.accuracy(scores), examples.squaredLoss(scores), examples.size());
    }
  }

  /**
   * Section 5's linear model: W after SGD from zero, and the minimum-norm interpolant beside it.
   */
  record Linear(int epoch, DMatrixRMaj sgd, DMatrixRMaj minimumNorm) implements Interpolant {
    @Override
    public Measurement measure(Examples train, Examples examples) {
      return measure(sgd, examples);
    }

    /** The minimum-norm interpolant's accuracy and loss on {@code examples}. */
    public Measurement measureMinimumNorm(Examples examples) {
      return measure(minimumNorm, examples);
    }

    private static Measurement measure(DMatrixRMaj weights, Examples examples) {
      DMatrixRMaj scores = MinimumNormLinear.scores(weights, examples.features());
      return new Measurement(
          examples.accuracy(scores), examples.squaredLoss(scores), examples.size());
    }
  }

  /** Theorem 1's network. */
  record Theorem1(int epoch, TwoLayerInterpolant network) implements Interpolant {
    @Override
    public Measurement measure(Examples train, Examples examples) {
      double[] outputs = network.outputs(examples.features());
      double loss = 0;
      for (int i = 0; i < outputs.length; i++) {
        double error = outputs[i] - examples.labels()[i];
        loss += 0.5 * error * error;
      }
      return new Measurement(
          network.accuracy(examples),
          outputs.length == 0 ? 0 : loss / outputs.length,
          examples.size());
    }
  }

  /**
   * A number that changes when any training pixel or label changes: Σ features·(i+1) + Σ labels,
   * computed in index order, so the same split gives the same bits.
   */
  static double fingerprint(Examples train) {
    double sum = 0;
    double[] data = train.features().data;
    int d = train.dimension();
    for (int i = 0; i < train.size(); i++) {
      double row = 0;
      for (int j = 0; j < d; j++) {
        row += data[i * d + j];
      }
      sum += row * (i + 1) + train.labels()[i];
    }
    return sum;
  }

  /** The checkpoint's bytes. */
  default byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(FORMAT_VERSION);
      if (this instanceof Kernel k) {
        out.writeInt(1);
        out.writeInt(k.epoch());
        out.writeDouble(k.gamma());
        writeMatrix(out, k.alpha());
        out.writeDouble(k.trainFingerprint());
      } else if (this instanceof Linear l) {
        out.writeInt(2);
        out.writeInt(l.epoch());
        writeMatrix(out, l.sgd());
        writeMatrix(out, l.minimumNorm());
      } else if (this instanceof Theorem1 t) {
        out.writeInt(3);
        out.writeInt(t.epoch());
        writeVector(out, t.network().projection());
        writeVector(out, t.network().biases());
        writeVector(out, t.network().outputWeights());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a checkpoint written by {@link #toBytes}.
   *
   * @throws IllegalArgumentException the bytes are not such a checkpoint
   */
  static Interpolant fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("checkpoint: not an interpolating model (bad magic)");
      }
      int version = in.readInt();
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException(
            "checkpoint: format version " + version + " unsupported, expected " + FORMAT_VERSION);
      }
      int kind = in.readInt();
      int epoch = in.readInt();
      return switch (kind) {
        case 1 -> new Kernel(epoch, in.readDouble(), readMatrix(in), in.readDouble());
        case 2 -> new Linear(epoch, readMatrix(in), readMatrix(in));
        case 3 ->
            new Theorem1(
                epoch, new TwoLayerInterpolant(readVector(in), readVector(in), readVector(in)));
        default -> throw new IllegalArgumentException("checkpoint: unknown model tag " + kind);
      };
    } catch (IOException e) {
      throw new IllegalArgumentException("checkpoint: truncated", e);
    }
  }

  private static void writeMatrix(DataOutputStream out, DMatrixRMaj m) throws IOException {
    out.writeInt(m.numRows);
    out.writeInt(m.numCols);
    for (int i = 0; i < m.getNumElements(); i++) {
      out.writeDouble(m.data[i]);
    }
  }

  private static DMatrixRMaj readMatrix(DataInputStream in) throws IOException {
    DMatrixRMaj m = new DMatrixRMaj(in.readInt(), in.readInt());
    for (int i = 0; i < m.getNumElements(); i++) {
      m.data[i] = in.readDouble();
    }
    return m;
  }

  private static void writeVector(DataOutputStream out, double[] v) throws IOException {
    out.writeInt(v.length);
    for (double x : v) {
      out.writeDouble(x);
    }
  }

  private static double[] readVector(DataInputStream in) throws IOException {
    double[] v = new double[in.readInt()];
    for (int i = 0; i < v.length; i++) {
      v[i] = in.readDouble();
    }
    return v;
  }
}
