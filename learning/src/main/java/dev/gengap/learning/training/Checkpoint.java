package dev.gengap.learning.training;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * A resumable training state as bytes: the epoch it follows, cumulative SGD steps, every model
 * parameter (BatchNorm running statistics included) and the SGD momentum buffers.
 *
 * <p>Layout (big-endian, {@link java.io.DataOutputStream}): int magic {@code "GGCK"}, int format
 * version, int epoch, long cumulative steps, the block's {@code saveParameters} stream, int number
 * of momentum buffers, then per buffer: UTF parameter path, int length, DJL-encoded NDArray.
 */
public final class Checkpoint {

  static final int MAGIC = 0x4747434B; // "GGCK"
  static final int FORMAT_VERSION = 1;

  private final byte[] bytes;
  private final int epoch;
  private final long cumulativeSteps;

  private Checkpoint(byte[] bytes, int epoch, long cumulativeSteps) {
    this.bytes = bytes;
    this.epoch = epoch;
    this.cumulativeSteps = cumulativeSteps;
  }

  /** Reads the header of stored bytes; the rest is checked when a session opens it. */
  public static Checkpoint fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("checkpoint: not a gengap checkpoint (bad magic)");
      }
      int version = in.readInt();
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException(
            "checkpoint: format version " + version + " unsupported, expected " + FORMAT_VERSION);
      }
      return new Checkpoint(bytes.clone(), in.readInt(), in.readLong());
    } catch (IOException e) {
      throw new IllegalArgumentException("checkpoint: truncated header", e);
    }
  }

  /** The last completed epoch this state follows; training resumes at {@code epoch() + 1}. */
  public int epoch() {
    return epoch;
  }

  public long cumulativeSteps() {
    return cumulativeSteps;
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  public int sizeBytes() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Checkpoint[epoch="
        + epoch
        + ", steps="
        + cumulativeSteps
        + ", bytes="
        + bytes.length
        + "]";
  }
}
