package dev.gengap.plumbing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident set size from {@code /proc/self/statm} (Linux), as {@code
 * process_memory_resident_bytes}. Heap and JVM buffer meters miss the engines' native tensors; this
 * is what the container's memory limit counts. Not registered where /proc is absent.
 */
final class ResidentMemory {
  private static final Path STATM = Path.of("/proc/self/statm");

  /** Linux's page size on every platform gengap's images run on. */
  private static final long PAGE_BYTES = 4096;

  private ResidentMemory() {}

  static void bindTo(MeterRegistry registry) {
    if (!Files.isReadable(STATM)) {
      return;
    }
    Gauge.builder("process.memory.resident", ResidentMemory::bytes)
        .description("Resident set size of this process: heap, JVM and native memory")
        .baseUnit("bytes")
        .register(registry);
  }

  private static double bytes() {
    try {
      // statm: size resident shared text lib data dt, in pages
      String[] fields = Files.readString(STATM).trim().split("\\s+");
      return Long.parseLong(fields[1]) * PAGE_BYTES;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
