package dev.gengap.trainer.training;

import dev.gengap.learning.data.EpochStream;
import dev.gengap.learning.interpolation.Examples;
import dev.gengap.learning.interpolation.RawSplit;
import dev.gengap.proto.v1.DatasetServiceGrpc;
import dev.gengap.proto.v1.GetDatasetInfoRequest;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.Split;
import dev.gengap.proto.v1.StreamEpochRequest;
import dev.gengap.proto.v1.TrainingRecipe;
import io.grpc.Channel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The trainer's calls to the dataset-service, each with a deadline. Takes a {@link Channel}: the
 * caller owns (and shuts down) the managed channel.
 */
public final class DatasetClient {
  /**
   * Batches decoded ahead of the training step: enough that the next batch is ready when a step
   * ends, few enough that the client never holds much of an epoch (the server streams under flow
   * control, so it stops producing when these are taken).
   */
  static final int PREFETCH_BATCHES = 4;

  private final Channel channel;
  private final Duration callDeadline;
  private final Duration epochDeadline;

  /**
   * @param callDeadline deadline of a unary call (GetDatasetInfo)
   * @param epochDeadline deadline of one epoch's stream; it covers the training of the epoch, since
   *     the stream only runs as fast as the trainer takes batches
   */
  public DatasetClient(Channel channel, Duration callDeadline, Duration epochDeadline) {
    this.channel = channel;
    this.callDeadline = callDeadline;
    this.epochDeadline = epochDeadline;
  }

  /** SHA-256 of the training split the spec's data selects (DatasetInfo.train_content_hash). */
  String trainContentHash(RunSpec spec) {
    return DatasetServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(callDeadline.toMillis(), TimeUnit.MILLISECONDS)
        .getDatasetInfo(GetDatasetInfoRequest.newBuilder().setData(spec.getData()).build())
        .getTrainContentHash();
  }

  /**
   * Streams epoch {@code epoch} (1-based) of the training split: shuffled by (seed, epoch),
   * randomly cropped when the recipe says so, at most {@code max_batches_per_epoch} batches.
   */
  EpochStream trainEpoch(RunSpec spec, int epoch) {
    TrainingRecipe recipe = spec.getRecipe();
    StreamEpochRequest request =
        StreamEpochRequest.newBuilder()
            .setData(spec.getData())
            .setSplit(Split.SPLIT_TRAIN)
            .setEpoch(epoch)
            .setBatchSize(recipe.getBatchSize())
            .setShuffle(true)
            .setAugment(recipe.getRandomCrop())
            .setMaxBatches(recipe.getMaxBatchesPerEpoch())
            .build();
    return EpochStream.open(channel, request, PREFETCH_BATCHES, epochDeadline);
  }

  /**
   * The whole training split as raw pixels in [0, 1], in index order: the input of the
   * interpolating models. {@code epochDeadline} bounds the stream.
   */
  Examples rawTrainingSplit(RunSpec spec) {
    return RawSplit.read(channel, spec.getData(), Split.SPLIT_TRAIN, epochDeadline);
  }

  /**
   * Streams the whole test split in its official order, without augmentation: the clean measurement
   * {@code test_every_epochs} asks for (the same data the evaluator measures).
   */
  EpochStream testSplit(RunSpec spec) {
    StreamEpochRequest request =
        StreamEpochRequest.newBuilder()
            .setData(spec.getData())
            .setSplit(Split.SPLIT_TEST)
            .setBatchSize(spec.getRecipe().getBatchSize())
            .setShuffle(false)
            .setAugment(false)
            .build();
    return EpochStream.open(channel, request, PREFETCH_BATCHES, epochDeadline);
  }
}
