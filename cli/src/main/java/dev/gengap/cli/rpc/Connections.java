package dev.gengap.cli.rpc;

import dev.gengap.cli.CliException;
import dev.gengap.cli.ExitCode;
import dev.gengap.plumbing.security.Channels;
import dev.gengap.plumbing.security.ClientSecurity;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The channels of one command. Each is opened when a client first needs it, so a command that talks
 * only to the trainer never dials the evaluator; {@link #close()} shuts all of them down.
 */
public final class Connections implements AutoCloseable {
  private final String trainerTarget;
  private final String evaluatorTarget;
  private final ClientSecurity security;
  private final List<ManagedChannel> opened = new ArrayList<>();

  public Connections(String trainerTarget, String evaluatorTarget, ClientSecurity security) {
    this.trainerTarget = trainerTarget;
    this.evaluatorTarget = evaluatorTarget;
    this.security = security;
  }

  public TrainerClient trainer(Duration deadline) {
    return new TrainerClient(open("--trainer", trainerTarget), trainerTarget, deadline);
  }

  public EvaluatorClient evaluator(Duration deadline) {
    return new EvaluatorClient(open("--evaluator", evaluatorTarget), evaluatorTarget, deadline);
  }

  /** The trainer's channel itself, for calls outside its API (health, --version). */
  public Channel trainerChannel() {
    return open("--trainer", trainerTarget);
  }

  public Channel evaluatorChannel() {
    return open("--evaluator", evaluatorTarget);
  }

  private ManagedChannel open(String flag, String target) {
    ManagedChannel channel;
    try {
      channel = Channels.open(target, security);
    } catch (IllegalArgumentException e) {
      throw new CliException(
          ExitCode.USAGE, flag + ": not a gRPC target (HOST:PORT), was '" + target + "'");
    } catch (UncheckedIOException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage());
    }
    opened.add(channel);
    return channel;
  }

  @Override
  public void close() {
    for (ManagedChannel channel : opened) {
      channel.shutdownNow();
    }
    for (ManagedChannel channel : opened) {
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
