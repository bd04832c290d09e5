package dev.gengap.cli.spec;

import dev.gengap.proto.v1.RunSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads YAML or JSON files (JSON is read as the YAML it also is) into trees, and a run spec file
 * into a {@link RunSpec} whose field names are the proto's.
 */
public final class SpecFiles {
  private SpecFiles() {}

  public static RunSpec readRunSpec(Path file) {
    RunSpec.Builder spec = RunSpec.newBuilder();
    new ProtoMapReader(file.toString()).merge(readMapping(file), spec);
    return spec.build();
  }

  /** The file's top level, which must be a mapping. */
  public static Map<?, ?> readMapping(Path file) {
    String source = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new SpecFileException(source, "no such file");
    } catch (IOException e) {
      throw new SpecFileException(source, "cannot read: " + e.getMessage());
    }
    Object tree;
    try {
      tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (MarkedYAMLException e) {
      if (e.getProblemMark() == null) {
        throw new SpecFileException(source, "not valid YAML or JSON: " + e.getProblem());
      }
      throw new SpecFileException(
          source,
          "not valid YAML or JSON: "
              + e.getProblem()
              + " at line "
              + (e.getProblemMark().getLine() + 1)
              + ", column "
              + (e.getProblemMark().getColumn() + 1));
    } catch (YAMLException e) {
      throw new SpecFileException(source, "not valid YAML or JSON: " + e.getMessage());
    }
    if (!(tree instanceof Map<?, ?> mapping)) {
      throw new SpecFileException(source, "expected a mapping of fields at the top level");
    }
    return mapping;
  }
}
