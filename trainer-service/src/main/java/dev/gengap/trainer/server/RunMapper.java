package dev.gengap.trainer.server;

import com.google.protobuf.Timestamp;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.EpochMetrics;
import dev.gengap.proto.v1.ListRunsRequest;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.Run;
import dev.gengap.proto.v1.Sweep;
import dev.gengap.proto.v1.Tf32Use;
import dev.gengap.spec.InvalidSpecException;
import dev.gengap.store.EpochRow;
import dev.gengap.store.RunFilter;
import dev.gengap.store.RunRow;
import dev.gengap.store.RunStatusMapper;
import dev.gengap.store.SweepRow;
import dev.gengap.trainer.queue.RunView;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** The one mapping between store rows and the gengap.v1 messages of runs and sweeps. */
final class RunMapper {
  private RunMapper() {}

  static Run toProto(RunView view) {
    RunRow row = view.run();
    Run.Builder run =
        Run.newBuilder()
            .setRunId(row.id())
            .setSpec(row.spec())
            .setStatus(RunStatusMapper.toProto(row.status()))
            .setRequestId(row.requestId().orElse(""))
            .setSweepId(row.sweepId().orElse(0))
            .setDisplayName(row.displayName())
            .setCreatedAt(timestamp(row.createdAt()))
            .setEpochsCompleted(row.epochsCompleted())
            .setError(row.error())
            .setWorker(row.worker())
            .setParameterCount(row.parameterCount())
            .setTrainContentHash(row.trainContentHash())
            .setStepsTo99TrainAccuracy(row.stepsTo99TrainAccuracy())
            .setStepsToTrainLoss01(row.stepsToTrainLoss01())
            .setCheckpointEpoch(row.checkpointEpoch())
            .setEngine(engine(row.engine()))
            .setDevice(row.device())
            .setTf32(tf32(row.tf32()))
            .setSubmittedBy(row.submittedBy());
    row.startedAt().ifPresent(t -> run.setStartedAt(timestamp(t)));
    row.finishedAt().ifPresent(t -> run.setFinishedAt(timestamp(t)));
    view.latest().ifPresent(e -> run.setLatest(toProto(e)));
    return run.build();
  }

  static EpochMetrics toProto(EpochRow row) {
    var m = row.metrics();
    EpochMetrics.Builder epoch =
        EpochMetrics.newBuilder()
            .setEpoch(m.epoch())
            .setTrainLoss(m.trainLoss())
            .setTrainAccuracy(m.trainAccuracy())
            .setLearningRate(m.learningRate())
            .setSamplesPerSecond(m.samplesPerSecond())
            .setWallSeconds(m.wallSeconds())
            .setSteps(m.steps())
            .setRecordedAt(timestamp(row.recordedAt()));
    m.test().ifPresent(t -> epoch.setTestAccuracy(t.accuracy()).setTestLoss(t.loss()));
    return epoch.build();
  }

  static Sweep toProto(SweepRow row) {
    return Sweep.newBuilder()
        .setSweepId(row.id())
        .setName(row.name())
        .setCreatedAt(timestamp(row.createdAt()))
        .addAllRunIds(row.runIds())
        .build();
  }

  static RunFilter filter(ListRunsRequest request) {
    Set<dev.gengap.store.RunStatus> statuses = EnumSet.noneOf(dev.gengap.store.RunStatus.class);
    for (int i = 0; i < request.getStatusesCount(); i++) {
      statuses.add(
          switch (request.getStatuses(i)) {
            case RUN_STATUS_QUEUED -> dev.gengap.store.RunStatus.QUEUED;
            case RUN_STATUS_RUNNING -> dev.gengap.store.RunStatus.RUNNING;
            case RUN_STATUS_SUCCEEDED -> dev.gengap.store.RunStatus.SUCCEEDED;
            case RUN_STATUS_FAILED -> dev.gengap.store.RunStatus.FAILED;
            case RUN_STATUS_CANCELLED -> dev.gengap.store.RunStatus.CANCELLED;
            case RUN_STATUS_UNSPECIFIED, UNRECOGNIZED ->
                throw new InvalidSpecException(
                    "statuses[" + i + "]", "unknown status " + request.getStatusesValue(i));
          });
    }
    Optional<ModelKind> model =
        switch (request.getModel()) {
          case MODEL_KIND_UNSPECIFIED -> Optional.empty();
          case UNRECOGNIZED ->
              throw new InvalidSpecException("model", "unknown value " + request.getModelValue());
          default -> Optional.of(request.getModel());
        };
    Optional<CorruptionKind> corruption =
        switch (request.getCorruption()) {
          case CORRUPTION_KIND_UNSPECIFIED -> Optional.empty();
          case UNRECOGNIZED ->
              throw new InvalidSpecException(
                  "corruption", "unknown value " + request.getCorruptionValue());
          default -> Optional.of(request.getCorruption());
        };
    if (request.getSweepId() < 0) {
      throw new InvalidSpecException("sweep_id", "must be >= 0, was " + request.getSweepId());
    }
    OptionalLong sweep =
        request.getSweepId() == 0 ? OptionalLong.empty() : OptionalLong.of(request.getSweepId());
    return new RunFilter(statuses, sweep, model, corruption);
  }

  private static Engine engine(String used) {
    return switch (used) {
      case "MXNET" -> Engine.ENGINE_MXNET;
      case "PYTORCH" -> Engine.ENGINE_PYTORCH;
      default -> Engine.ENGINE_UNSPECIFIED;
    };
  }

  private static Tf32Use tf32(String used) {
    return used.isEmpty() ? Tf32Use.TF32_USE_UNSPECIFIED : Tf32Use.valueOf("TF32_USE_" + used);
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}
