package dev.gengap.learning.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.ref.Reference;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.Buffer;
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
 *
 * <p>Checkpoints take the same path inside DJL's own decoders ({@code Parameter.load}, {@code
 * NDManager.decode}): they call {@code manager.create(Buffer, Shape, DataType)} with a buffer that
 * nothing keeps reachable during the copy. {@link #decoding} hands them a manager whose {@code
 * create} goes through here.
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

  /**
   * {@code manager} as DJL's decoders see it: every {@code create(Buffer, Shape, DataType)}, the
   * call through which {@code decode} and {@code Parameter.load} make their arrays, gets a direct
   * buffer kept reachable until the engine has the data; everything else goes to {@code manager},
   * which owns the arrays. Use it only to load (a proxy, so other calls pay for reflection).
   */
  static NDManager decoding(NDManager manager) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (isBufferCreate(method)) {
            return fromBuffer(manager, (Buffer) args[0], (Shape) args[1], (DataType) args[2]);
          }
          if (method.isDefault() && method.getName().equals("decode")) {
            // NDManager's own decode, so that its create call comes back here.
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          try {
            return method.invoke(manager, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (NDManager)
        Proxy.newProxyInstance(
            NDManager.class.getClassLoader(), new Class<?>[] {NDManager.class}, handler);
  }

  private static boolean isBufferCreate(Method method) {
    Class<?>[] types = method.getParameterTypes();
    return method.getName().equals("create")
        && types.length == 3
        && types[0] == Buffer.class
        && types[1] == Shape.class
        && types[2] == DataType.class;
  }

  /** The bytes of {@code data} (raw, as DJL copies a ByteBuffer) in a direct buffer of ours. */
  private static NDArray fromBuffer(NDManager manager, Buffer data, Shape shape, DataType type) {
    Buffer direct = data;
    if (!data.isDirect() && data instanceof ByteBuffer bytes) {
      ByteBuffer copy = allocate(bytes.remaining());
      copy.put(bytes.duplicate()).rewind();
      direct = copy;
    }
    try {
      return manager.create(direct, shape, type);
    } finally {
      Reference.reachabilityFence(direct);
      Reference.reachabilityFence(data);
    }
  }

  private static ByteBuffer allocate(int bytes) {
    return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
  }
}
