package dev.gengap.cli.output;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --output text|json}, as a picocli {@code @Mixin}. JSON is one object per line (JSON
 * Lines), in protobuf's JSON mapping (lowerCamelCase fields, enum names), so that {@code gengap
 * runs --output json | jq .} works and every line parses on its own.
 */
public final class OutputOptions {
  /** How a command prints what it read. */
  public enum Format {
    TEXT,
    JSON
  }

  private static final JsonFormat.Printer JSON_LINE =
      JsonFormat.printer().omittingInsignificantWhitespace().preservingProtoFieldNames();

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "text (default) or json: one JSON object per line, for jq and scripts.")
  Format format;

  public boolean json() {
    return format == Format.JSON;
  }

  /** Prints {@code message} as one line of JSON. */
  public static void printLine(PrintWriter out, MessageOrBuilder message) {
    out.println(json(message));
  }

  /** {@code message} as one line of JSON (no newline). */
  public static String json(MessageOrBuilder message) {
    try {
      return JSON_LINE.print(message);
    } catch (InvalidProtocolBufferException e) {
      // Only Any fields with unknown types fail; gengap's messages have none.
      throw new IllegalStateException(
          message.getDescriptorForType().getFullName().toLowerCase(Locale.ROOT)
              + " has no JSON form: "
              + e.getMessage(),
          e);
    }
  }
}
