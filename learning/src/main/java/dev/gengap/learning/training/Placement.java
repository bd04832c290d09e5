package dev.gengap.learning.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.gengap.proto.v1.RunSpec;

/** Which DJL engine and device a run trains on. */
record Placement(String engineName, Device device) {

  /**
   * ENGINE_UNSPECIFIED takes {@code defaultEngine} (any case: "mxnet", "MXNet"); DEVICE_UNSPECIFIED
   * takes the engine's first GPU when it reports one, else the CPU.
   */
  static Placement resolve(RunSpec spec, String defaultEngine) {
    String engineName =
        switch (spec.getEngine()) {
          case ENGINE_MXNET -> "MXNet";
          case ENGINE_PYTORCH -> "PyTorch";
          case ENGINE_UNSPECIFIED -> djlEngineName(defaultEngine);
          case UNRECOGNIZED -> throw new IllegalArgumentException("engine: unknown value");
        };
    if (!Engine.hasEngine(engineName)) {
      throw new IllegalStateException(
          "engine: "
              + engineName
              + " is not on the classpath (have "
              + Engine.getAllEngines()
              + ")");
    }
    boolean hasGpu = Engine.getEngine(engineName).getGpuCount() > 0;
    Device device =
        switch (spec.getDevice()) {
          case DEVICE_CPU -> Device.cpu();
          case DEVICE_GPU -> {
            if (!hasGpu) {
              throw new DeviceUnavailableException(
                  "device: DEVICE_GPU requested but engine " + engineName + " sees no GPU");
            }
            yield Device.gpu();
          }
          case DEVICE_UNSPECIFIED -> hasGpu ? Device.gpu() : Device.cpu();
          case UNRECOGNIZED -> throw new IllegalArgumentException("device: unknown value");
        };
    return new Placement(engineName, device);
  }

  /** "cpu" or "gpu0". */
  String deviceName() {
    return device.isGpu() ? "gpu" + device.getDeviceId() : "cpu";
  }

  static String djlEngineName(String name) {
    return Engine.getAllEngines().stream()
        .filter(known -> known.equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "default engine: " + name + " is not one of " + Engine.getAllEngines()));
  }
}
