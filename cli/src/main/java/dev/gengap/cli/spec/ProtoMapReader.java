package dev.gengap.cli.spec;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Fills a proto message from a parsed YAML/JSON tree whose keys are the message's field names
 * (proto names like {@code corruption_probability}, or their JSON names).
 *
 * <p>Each scalar goes through protobuf's own {@link JsonFormat} parser, so the file means exactly
 * what the same proto JSON would; this class walks the tree only to name the offending field
 * ("data.corruptionn") in every error, which JsonFormat does not.
 */
public final class ProtoMapReader {
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer();

  private final String source;

  /** {@code source} names the input in messages, e.g. the file name. */
  public ProtoMapReader(String source) {
    this.source = source;
  }

  public void merge(Map<?, ?> tree, Message.Builder builder) {
    merge(tree, builder, "");
  }

  private void merge(Map<?, ?> tree, Message.Builder builder, String prefix) {
    Descriptor type = builder.getDescriptorForType();
    for (Map.Entry<?, ?> entry : tree.entrySet()) {
      String key = String.valueOf(entry.getKey());
      String path = prefix + key;
      FieldDescriptor field = field(type, key);
      if (field == null) {
        throw new SpecFileException(
            source,
            "unknown field '"
                + path
                + "' (fields of "
                + (prefix.isEmpty() ? type.getName() : prefix.substring(0, prefix.length() - 1))
                + ": "
                + String.join(
                    ", ", type.getFields().stream().map(FieldDescriptor::getName).toList())
                + ")");
      }
      Object value = entry.getValue();
      if (value == null) {
        continue; // "field:" with nothing after it leaves the default.
      }
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated()) {
        if (!(value instanceof Map<?, ?> nested)) {
          throw new SpecFileException(
              source, path + ": expected a mapping of fields, got '" + value + "'");
        }
        merge(nested, builder.getFieldBuilder(field), path + ".");
      } else {
        mergeScalar(field, value, builder, path);
      }
    }
  }

  private void mergeScalar(
      FieldDescriptor field, Object value, Message.Builder builder, String path) {
    Object normalized =
        field.getJavaType() == FieldDescriptor.JavaType.ENUM ? enumName(field, value, path) : value;
    Struct single =
        Struct.newBuilder().putFields(field.getName(), toValue(normalized, path)).build();
    try {
      PARSER.merge(PRINTER.print(single), builder);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new SpecFileException(source, path + ": " + e.getMessage());
    }
  }

  /** Accepts the short names of {@link ProtoEnumNames} as well as the proto's. */
  private Object enumName(FieldDescriptor field, Object value, String path) {
    if (value instanceof List<?> list) {
      return list.stream().map(item -> enumName(field, item, path)).toList();
    }
    if (!(value instanceof String text)) {
      throw new SpecFileException(source, path + ": expected a name, got '" + value + "'");
    }
    return ProtoEnumNames.find(field.getEnumType(), text)
        .map(EnumValueDescriptor::getName)
        .orElseThrow(
            () ->
                new SpecFileException(
                    source,
                    path
                        + ": '"
                        + text
                        + "' is not one of "
                        + String.join(", ", ProtoEnumNames.choices(field.getEnumType()))));
  }

  private static FieldDescriptor field(Descriptor type, String key) {
    FieldDescriptor byName = type.findFieldByName(key);
    if (byName != null) {
      return byName;
    }
    return type.getFields().stream()
        .filter(candidate -> candidate.getJsonName().equals(key))
        .findFirst()
        .orElse(null);
  }

  private Value toValue(Object value, String path) {
    Value.Builder result = Value.newBuilder();
    if (value == null) {
      result.setNullValue(NullValue.NULL_VALUE);
    } else if (value instanceof Boolean bool) {
      result.setBoolValue(bool);
    } else if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
      // As a string: proto JSON accepts quoted integers, and a double would round 64-bit seeds.
      result.setStringValue(value.toString());
    } else if (value instanceof Number number) {
      result.setNumberValue(number.doubleValue());
    } else if (value instanceof String text) {
      result.setStringValue(text);
    } else if (value instanceof List<?> list) {
      ListValue.Builder items = ListValue.newBuilder();
      list.forEach(item -> items.addValues(toValue(item, path)));
      result.setListValue(items);
    } else {
      throw new SpecFileException(source, path + ": unexpected value '" + value + "'");
    }
    return result.build();
  }
}
