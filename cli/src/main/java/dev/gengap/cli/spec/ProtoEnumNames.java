package dev.gengap.cli.spec;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.ProtocolMessageEnum;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Short, readable names of the proto enums: {@code CORRUPTION_KIND_PARTIAL_LABELS} is shown and
 * accepted as {@code PARTIAL_LABELS} (any case, '-' for '_'); the full proto name is accepted too.
 */
public final class ProtoEnumNames {
  private static final String UNSPECIFIED = "UNSPECIFIED";

  private ProtoEnumNames() {}

  /** The value's name without its type prefix, e.g. {@code MLP_1X512}. */
  public static String shortName(ProtocolMessageEnum value) {
    String name = ((Enum<?>) value).name();
    String prefix = prefix(value.getDescriptorForType());
    return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
  }

  /** The value called {@code text} (short or full name), never the UNSPECIFIED one. */
  public static Optional<EnumValueDescriptor> find(EnumDescriptor type, String text) {
    String upper = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    String prefix = prefix(type);
    for (EnumValueDescriptor value : type.getValues()) {
      boolean matches = value.getName().equals(upper) || value.getName().equals(prefix + upper);
      if (matches && !value.getName().endsWith(UNSPECIFIED)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /** The short names a user may write, e.g. {@code [TRUE_LABELS, PARTIAL_LABELS, ...]}. */
  public static List<String> choices(EnumDescriptor type) {
    String prefix = prefix(type);
    return type.getValues().stream()
        .map(EnumValueDescriptor::getName)
        .filter(name -> !name.endsWith(UNSPECIFIED))
        .map(name -> name.startsWith(prefix) ? name.substring(prefix.length()) : name)
        .toList();
  }

  /** Every gengap enum has an {@code X_UNSPECIFIED} zero value; {@code X_} prefixes the rest. */
  private static String prefix(EnumDescriptor type) {
    String zero = type.findValueByNumber(0).getName();
    return zero.endsWith(UNSPECIFIED)
        ? zero.substring(0, zero.length() - UNSPECIFIED.length())
        : "";
  }
}
