package dev.gengap.cli.sweep;

import dev.gengap.cli.CliException;
import dev.gengap.cli.ExitCode;
import dev.gengap.cli.output.OutputOptions;
import dev.gengap.cli.output.TextTable;
import dev.gengap.cli.rpc.ConnectionOptions;
import dev.gengap.cli.rpc.Connections;
import dev.gengap.cli.rpc.TrainerClient;
import dev.gengap.proto.v1.ListSweepsRequest;
import dev.gengap.proto.v1.ListSweepsResponse;
import dev.gengap.proto.v1.Sweep;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gengap sweeps}: the sweeps, newest first, with the ids that {@code report} takes. */
@Command(
    name = "sweeps",
    description = "List the sweeps, newest first, with the ids that report --sweep takes.")
public final class SweepsCommand implements Callable<Integer> {
  /** ListSweepsRequest's largest page. */
  private static final int MAX_PAGE = 1000;

  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;
  @Mixin OutputOptions output;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Show at most N sweeps; 0 (default) = all.")
  int limit;

  @Override
  public Integer call() {
    if (limit < 0) {
      throw new CliException(ExitCode.USAGE, "--limit: must be 0 or more, was " + limit);
    }
    ListSweepsRequest.Builder request =
        ListSweepsRequest.newBuilder()
            .setPageSize(limit > 0 ? Math.min(limit, MAX_PAGE) : MAX_PAGE);
    List<Sweep> sweeps = new ArrayList<>();
    try (Connections connections = connection.connect()) {
      TrainerClient trainer = connections.trainer(connection.deadline());
      do {
        ListSweepsResponse page = trainer.listSweeps(request.build());
        sweeps.addAll(page.getSweepsList());
        request.setPageToken(page.getNextPageToken());
      } while (!request.getPageToken().isEmpty() && (limit == 0 || sweeps.size() < limit));
    }
    List<Sweep> shown = limit > 0 && sweeps.size() > limit ? sweeps.subList(0, limit) : sweeps;
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      shown.forEach(sweep -> OutputOptions.printLine(out, sweep));
    } else {
      out.print(table(shown));
    }
    return ExitCode.OK;
  }

  static String table(List<Sweep> sweeps) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("ID", "RUNS", "CREATED", "NAME"));
    for (Sweep sweep : sweeps) {
      rows.add(
          List.of(
              Long.toString(sweep.getSweepId()),
              Integer.toString(sweep.getRunIdsCount()),
              sweep.hasCreatedAt()
                  ? CREATED.format(Instant.ofEpochSecond(sweep.getCreatedAt().getSeconds()))
                  : "-",
              sweep.getName()));
    }
    return TextTable.render(rows);
  }
}
