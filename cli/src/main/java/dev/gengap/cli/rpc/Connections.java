package dev.gengap.cli.rpc;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
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
  private final Transport transport;
  private final List<ManagedChannel> opened = new ArrayList<>();

  public Connections(String trainerTarget, String evaluatorTarget, Transport transport) {
    this.trainerTarget = trainerTarget;
    this.evaluatorTarget = evaluatorTarget;
    this.transport = transport;
  }

  public TrainerClient trainer(Duration deadline) {
    return new TrainerClient(open(trainerTarget), trainerTarget, deadline);
  }

  public EvaluatorClient evaluator(Duration deadline) {
    return new EvaluatorClient(open(evaluatorTarget), evaluatorTarget, deadline);
  }

  /** The trainer's channel itself, for calls outside its API (health, --version). */
  public Channel trainerChannel() {
    return open(trainerTarget);
  }

  public Channel evaluatorChannel() {
    return open(evaluatorTarget);
  }

  private ManagedChannel open(String target) {
    ManagedChannelBuilder<?> builder = ManagedChannelBuilder.forTarget(target);
    switch (transport) {
      case PLAINTEXT -> builder.usePlaintext();
      case TLS -> builder.useTransportSecurity();
    }
    ManagedChannel channel = builder.build();
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
