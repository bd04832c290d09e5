package dev.gengap.trainer.training;

import dev.gengap.proto.v1.Device;

/** The trainer's {@code --device}: where runs train whose spec leaves the device unspecified. */
public enum DefaultDevice {
  /** The engine's first GPU when it reports one, else the CPU. */
  auto,
  cpu,
  gpu;

  /** The device a run with {@code requested} trains on. */
  Device apply(Device requested) {
    if (requested != Device.DEVICE_UNSPECIFIED) {
      return requested;
    }
    return switch (this) {
      case auto -> Device.DEVICE_UNSPECIFIED;
      case cpu -> Device.DEVICE_CPU;
      case gpu -> Device.DEVICE_GPU;
    };
  }
}
