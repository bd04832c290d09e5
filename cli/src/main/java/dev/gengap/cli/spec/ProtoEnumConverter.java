package dev.gengap.cli.spec;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.ProtocolMessageEnum;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a proto enum flag by its short name ({@code --model mlp_1x512}). */
public final class ProtoEnumConverter<E extends ProtocolMessageEnum> implements ITypeConverter<E> {
  private final EnumDescriptor type;
  private final Function<EnumValueDescriptor, E> valueOf;

  public ProtoEnumConverter(EnumDescriptor type, Function<EnumValueDescriptor, E> valueOf) {
    this.type = type;
    this.valueOf = valueOf;
  }

  @Override
  public E convert(String text) {
    return ProtoEnumNames.find(type, text)
        .map(valueOf)
        .orElseThrow(
            () ->
                new TypeConversionException(
                    "'"
                        + text
                        + "' is not one of "
                        + String.join(", ", ProtoEnumNames.choices(type))));
  }
}
