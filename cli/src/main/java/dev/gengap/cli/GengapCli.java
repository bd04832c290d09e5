package dev.gengap.cli;

import dev.gengap.cli.local.DemoCommand;
import dev.gengap.cli.local.LocalCommand;
import dev.gengap.cli.plot.PlotCommand;
import dev.gengap.cli.report.EvalCommand;
import dev.gengap.cli.report.ReportCommand;
import dev.gengap.cli.run.CancelCommand;
import dev.gengap.cli.run.RunsCommand;
import dev.gengap.cli.run.StatusCommand;
import dev.gengap.cli.run.SubmitCommand;
import dev.gengap.cli.spec.ProtoEnumConverter;
import dev.gengap.cli.sweep.SweepCommand;
import dev.gengap.cli.sweep.SweepsCommand;
import dev.gengap.cli.watch.WatchCommand;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.Device;
import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.Initialization;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.RunStatus;
import java.util.logging.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code gengap}: the command-line client of the trainer and evaluator services.
 *
 * <p>Every subcommand is a {@code Callable<Integer>} returning an {@link ExitCode}. The local
 * all-in-one stack ({@code local}, {@code demo}) lives in {@code dev.gengap.cli.local}.
 */
@Command(
    name = "gengap",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = BuildVersions.class,
    description =
        "Runs and reports the experiments of Zhang et al. (ICLR 2017) on gengap services.",
    subcommands = {
      SubmitCommand.class,
      SweepCommand.class,
      SweepsCommand.class,
      RunsCommand.class,
      StatusCommand.class,
      WatchCommand.class,
      CancelCommand.class,
      EvalCommand.class,
      ReportCommand.class,
      PlotCommand.class,
      LocalCommand.class,
      DemoCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class GengapCli implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand");
  }

  public static void main(String[] args) {
    // Charts render off-screen; no display is needed or wanted.
    System.setProperty("java.awt.headless", "true");
    // grpc-java logs through java.util.logging to stderr (e.g. a failed DNS lookup with its stack
    // trace); the CLI reports every failure itself, in one line.
    LogManager.getLogManager().reset();
    CommandLine commandLine = commandLine();
    int exitCode = commandLine.execute(args);
    // picocli's writers flush on println only; a command ending in print() would lose its text.
    commandLine.getOut().flush();
    commandLine.getErr().flush();
    System.exit(exitCode);
  }

  /** The configured command line: enum converters, exit codes and the one-line error handler. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new GengapCli());
    commandLine.registerConverter(
        ModelKind.class, new ProtoEnumConverter<>(ModelKind.getDescriptor(), ModelKind::valueOf));
    commandLine.registerConverter(
        Initialization.class,
        new ProtoEnumConverter<>(Initialization.getDescriptor(), Initialization::valueOf));
    commandLine.registerConverter(
        CorruptionKind.class,
        new ProtoEnumConverter<>(CorruptionKind.getDescriptor(), CorruptionKind::valueOf));
    commandLine.registerConverter(
        RunStatus.class, new ProtoEnumConverter<>(RunStatus.getDescriptor(), RunStatus::valueOf));
    commandLine.registerConverter(
        Engine.class, new ProtoEnumConverter<>(Engine.getDescriptor(), Engine::valueOf));
    commandLine.registerConverter(
        Device.class, new ProtoEnumConverter<>(Device.getDescriptor(), Device::valueOf));
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(new ErrorHandler());
    commandLine.setParameterExceptionHandler(new UsageErrorHandler());
    return commandLine;
  }
}
