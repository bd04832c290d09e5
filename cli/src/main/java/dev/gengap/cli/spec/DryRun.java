package dev.gengap.cli.spec;

import dev.gengap.cli.CliException;
import dev.gengap.cli.ExitCode;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.spec.InvalidSpecException;
import dev.gengap.spec.RunSpecs;
import java.nio.file.Path;

/**
 * {@code --dry-run}: a spec checked and completed by the trainer's own rules (the shared {@code
 * spec} module), so a spec that passes here is one the server accepts.
 */
public final class DryRun {
  private DryRun() {}

  /**
   * The spec with every default filled in, or a usage error naming the field ({@code fieldPrefix}
   * first, e.g. {@code specs[3].}) and the file it came from, if any.
   */
  public static RunSpec resolve(RunSpec spec, String fieldPrefix, Path file) {
    try {
      return RunSpecs.resolve(spec);
    } catch (InvalidSpecException e) {
      throw new CliException(
          ExitCode.USAGE, (file != null ? file + ": " : "") + e.within(fieldPrefix).getMessage());
    }
  }
}
