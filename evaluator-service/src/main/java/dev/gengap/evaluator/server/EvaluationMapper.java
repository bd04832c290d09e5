package dev.gengap.evaluator.server;

import com.google.protobuf.Timestamp;
import dev.gengap.proto.v1.Evaluation;
import java.time.Instant;

/** {@link dev.gengap.store.Evaluation} as the {@code gengap.v1.Evaluation} message. */
final class EvaluationMapper {
  private EvaluationMapper() {}

  static Evaluation toProto(dev.gengap.store.Evaluation e) {
    return Evaluation.newBuilder()
        .setRunId(e.runId())
        .setCheckpointEpoch(e.checkpointEpoch())
        .setTrainAccuracy(e.trainAccuracy())
        .setTrainLoss(e.trainLoss())
        .setTestAccuracy(e.testAccuracy())
        .setTestLoss(e.testLoss())
        .setAccuracyGap(e.accuracyGap())
        .setLossGap(e.lossGap())
        .setTrainExamples(e.trainExamples())
        .setTestExamples(e.testExamples())
        .setEvaluatedAt(timestamp(e.evaluatedAt()))
        .setSeconds(e.seconds())
        .build();
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}
