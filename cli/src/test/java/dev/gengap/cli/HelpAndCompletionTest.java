package dev.gengap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gengap.proto.BuildInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code gengap --help}, {@code --version} and {@code completion} print. */
class HelpAndCompletionTest {
  @Test
  void everyCommandSummaryInHelpIsAWholeSentence() {
    CliRunner.Result result = CliRunner.run("--help");

    // "  name  Summary.", wrapped onto indented lines by picocli: join those first
    List<String> summaries = new ArrayList<>();
    for (String line :
        result.out().lines().dropWhile(l -> !l.equals("Commands:")).skip(1).toList()) {
      if (line.startsWith("    ")) {
        summaries.set(
            summaries.size() - 1, summaries.get(summaries.size() - 1) + " " + line.strip());
      } else {
        summaries.add(line.strip());
      }
    }
    assertThat(summaries).hasSizeGreaterThan(10).allSatisfy(s -> assertThat(s).endsWith("."));
    assertThat(result.out()).contains("  sweeps ", "  status ", "  completion ");
  }

  @Test
  void versionNamesTheBuildAndEachServer() {
    CliRunner.Result result = CliRunner.run("--version");

    assertThat(result.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(BuildInfo.version()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(result.out().lines().toList())
        .hasSize(3)
        .first()
        .isEqualTo("gengap " + BuildInfo.version() + " (cli)");
    assertThat(result.out()).contains("trainer", "evaluator");
  }

  @Test
  void completionPrintsABashScriptForEverySubcommand() {
    CliRunner.Result result = CliRunner.run("completion");

    assertThat(result.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(result.out())
        .contains("complete -F _complete_gengap")
        .contains("sweeps")
        .contains("--output");
  }
}
