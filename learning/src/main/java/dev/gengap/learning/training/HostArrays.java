package dev.gengap.learning.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * NDArrays from Java arrays, the only way gengap hands host data to an engine.
 *
 * <p>Why not {@code manager.create(float[])}: DJL-MXNet copies the Java array into a direct buffer
 * of its own and passes that buffer's address to {@code MXNDArraySyncCopyFromCPU} without keeping
 * the buffer reachable, so a garbage collection during the copy frees the memory MXNet is reading:
 * a step then trains on garbage (the sporadic divergences and NaNs of issue 11) or the JVM dies in
 * native code. Here the direct buffer is ours and stays reachable until the engine holds the data
 * (MXNet copies it before {@code create} returns; PyTorch keeps the buffer with the array).
 */
final class HostArrays {

  private HostArrays() {}

  static NDArray floats(NDManager manager, float[] values, Shape shape) {
    ByteBuffer direct = allocate(values.length * Float.BYTES);
    direct.asFloatBuffer().put(values);
    try {
      return manager.create(direct, shape, DataType.FLOAT32);
    } finally {
      Reference.reachabilityFence(direct);
    }
  }

  static NDArray ints(NDManager manager, int[] values) {
    ByteBuffer direct = allocate(values.length * Integer.BYTES);
    direct.asIntBuffer().put(values);
    try {
      return manager.create(direct, new Shape(values.length), DataType.INT32);
    } finally {
      Reference.reachabilityFence(direct);
    }
  }

  private static ByteBuffer allocate(int bytes) {
    return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
  }
}
