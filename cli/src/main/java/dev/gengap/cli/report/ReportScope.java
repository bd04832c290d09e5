package dev.gengap.cli.report;

import dev.gengap.cli.CliException;
import dev.gengap.cli.ExitCode;
import dev.gengap.proto.v1.ReportRequest;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which runs a report covers: the runs named and the runs of a sweep. */
public final class ReportScope {
  @Option(names = "--sweep", paramLabel = "SWEEP_ID", description = "The runs of this sweep.")
  long sweepId;

  @Parameters(paramLabel = "RUN", arity = "0..*", description = "Run ids.")
  List<Long> runIds = List.of();

  public ReportRequest request() {
    if (sweepId <= 0 && runIds.isEmpty()) {
      throw new CliException(ExitCode.USAGE, "name the runs: --sweep SWEEP_ID and/or run ids");
    }
    return ReportRequest.newBuilder().setSweepId(Math.max(0, sweepId)).addAllRunIds(runIds).build();
  }
}
