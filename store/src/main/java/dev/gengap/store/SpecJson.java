package dev.gengap.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.RunSpec;

/** The stored form of a spec (protobuf JSON) and of the enum columns copied out of it. */
final class SpecJson {
  // Every field printed, zeros included: the stored spec is explicit, readable with SQL alone.
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().alwaysPrintFieldsWithNoPresence().omittingInsignificantWhitespace();
  // A newer trainer may have stored fields this reader does not know yet.
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private SpecJson() {}

  static String json(RunSpec spec) {
    try {
      return PRINTER.print(spec);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("spec cannot be printed as JSON: " + e.getMessage(), e);
    }
  }

  static RunSpec parse(String json) {
    try {
      RunSpec.Builder builder = RunSpec.newBuilder();
      PARSER.merge(json, builder);
      return builder.build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored spec is not a RunSpec: " + e.getMessage(), e);
    }
  }

  /** {@code MODEL_KIND_MLP_1X512} is stored as {@code MLP_1X512}. */
  static String column(ModelKind kind) {
    return kind.name().substring("MODEL_KIND_".length());
  }

  /** {@code CORRUPTION_KIND_RANDOM_LABELS} is stored as {@code RANDOM_LABELS}. */
  static String column(CorruptionKind kind) {
    return kind.name().substring("CORRUPTION_KIND_".length());
  }
}
