package dev.gengap.dataset.server;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.gengap.dataset.corruption.CorruptionKind;
import dev.gengap.dataset.corruption.DataSpec;
import dev.gengap.dataset.corruption.TestLabels;
import dev.gengap.dataset.preprocess.Crop;
import dev.gengap.dataset.source.ChannelStats;
import dev.gengap.dataset.stream.Cropping;
import dev.gengap.dataset.stream.DatasetDescription;
import dev.gengap.dataset.stream.Encoding;
import dev.gengap.dataset.stream.EpochRequest;
import dev.gengap.dataset.stream.ExampleBatch;
import dev.gengap.dataset.stream.ExamplesRequest;
import dev.gengap.dataset.stream.Order;
import dev.gengap.dataset.stream.Split;
import dev.gengap.plumbing.InvalidArgumentException;
import dev.gengap.proto.v1.Batch;
import dev.gengap.proto.v1.DatasetInfo;
import dev.gengap.proto.v1.GetDatasetInfoRequest;
import dev.gengap.proto.v1.GetExamplesRequest;
import dev.gengap.proto.v1.StreamEpochRequest;
import dev.gengap.spec.Datasets;
import java.util.ArrayList;
import java.util.List;

/** The one mapping between the dataset proto messages and the domain. */
final class ProtoMapper {
  private ProtoMapper() {}

  static DataSpec dataSpec(boolean present, dev.gengap.proto.v1.DataSpec proto) {
    if (!present) {
      throw new InvalidArgumentException("data", "required");
    }
    // The proto's default: an empty name is CIFAR-10.
    String dataset = proto.getDataset().isEmpty() ? Datasets.CIFAR10 : proto.getDataset();
    // uint32 beyond Integer.MAX_VALUE: still far over any training set's size.
    int subset = proto.getTrainSubset() < 0 ? Integer.MAX_VALUE : proto.getTrainSubset();
    return new DataSpec(
        dataset,
        proto.getSeed(),
        corruption(proto),
        proto.getCorruptionProbability(),
        proto.getCorruptTestLabels() ? TestLabels.CORRUPTED : TestLabels.TRUE,
        subset);
  }

  static DataSpec dataSpec(GetDatasetInfoRequest request) {
    return dataSpec(request.hasData(), request.getData());
  }

  static EpochRequest epochRequest(StreamEpochRequest request) {
    return new EpochRequest(
        dataSpec(request.hasData(), request.getData()),
        split(request.getSplit(), request.getSplitValue()),
        request.getEpoch(),
        request.getBatchSize(),
        request.getShuffle() ? Order.SHUFFLED : Order.INDEX,
        request.getAugment() ? Cropping.RANDOM : Cropping.CENTER,
        encoding(request.getEncoding(), request.getEncodingValue()),
        request.getMaxBatches());
  }

  static ExamplesRequest examplesRequest(GetExamplesRequest request) {
    int[] indices = request.getIndicesList().stream().mapToInt(Integer::intValue).toArray();
    return new ExamplesRequest(
        dataSpec(request.hasData(), request.getData()),
        split(request.getSplit(), request.getSplitValue()),
        indices,
        encoding(request.getEncoding(), request.getEncodingValue()),
        request.getAugment() ? Cropping.RANDOM : Cropping.CENTER,
        request.getEpoch());
  }

  static DatasetInfo datasetInfo(DatasetDescription description) {
    DatasetInfo.Builder info =
        DatasetInfo.newBuilder()
            .setDataset(description.dataset())
            .setTrainSize(description.trainSize())
            .setTestSize(description.testSize())
            .addAllClassNames(description.classNames())
            .setChannels(description.shape().channels())
            .setHeight(description.shape().side())
            .setWidth(description.shape().side())
            .setCropHeight(Crop.SIDE)
            .setCropWidth(Crop.SIDE)
            .setTrainContentHash(description.trainContentHash())
            .setTestContentHash(description.testContentHash());
    for (ChannelStats stats : description.trainChannelStats()) {
      info.addTrainChannelStats(
          dev.gengap.proto.v1.ChannelStats.newBuilder()
              .setChannel(stats.channel())
              .setMean(stats.mean())
              .setStd(stats.std()));
    }
    return info.build();
  }

  static Batch batch(ExampleBatch batch) {
    Batch.Builder proto =
        Batch.newBuilder()
            .setBatchIndex(batch.batchIndex())
            .setEncoding(
                switch (batch.encoding()) {
                  case FLOAT32_NCHW -> dev.gengap.proto.v1.Encoding.ENCODING_FLOAT32_NCHW;
                  case UINT8_RAW -> dev.gengap.proto.v1.Encoding.ENCODING_UINT8_RAW;
                  case FLOAT32_UNIT -> dev.gengap.proto.v1.Encoding.ENCODING_FLOAT32_UNIT;
                })
            .setData(data(batch));
    for (int i = 0; i < batch.size(); i++) {
      proto.addIndices(batch.indices()[i]);
      proto.addLabels(batch.labels()[i]);
      proto.addTrueLabels(batch.trueLabels()[i]);
    }
    for (int dimension : batch.shape()) {
      proto.addShape(dimension);
    }
    return proto.build();
  }

  /**
   * The batch's chunks as one ByteString without copying: each chunk is a fresh array that nothing
   * writes again, so wrapping it is safe while the message is in flight.
   */
  private static ByteString data(ExampleBatch batch) {
    List<ByteString> chunks = new ArrayList<>(batch.data().size());
    for (byte[] chunk : batch.data()) {
      chunks.add(UnsafeByteOperations.unsafeWrap(chunk));
    }
    return ByteString.copyFrom(chunks);
  }

  static Split split(dev.gengap.proto.v1.Split split, int value) {
    return switch (split) {
      case SPLIT_TRAIN -> Split.TRAIN;
      case SPLIT_TEST -> Split.TEST;
      case SPLIT_UNSPECIFIED -> throw new InvalidArgumentException("split", "required");
      case UNRECOGNIZED -> throw new InvalidArgumentException("split", "unknown value " + value);
    };
  }

  static Encoding encoding(dev.gengap.proto.v1.Encoding encoding, int value) {
    return switch (encoding) {
      case ENCODING_UNSPECIFIED, ENCODING_FLOAT32_NCHW -> Encoding.FLOAT32_NCHW;
      case ENCODING_UINT8_RAW -> Encoding.UINT8_RAW;
      case ENCODING_FLOAT32_UNIT -> Encoding.FLOAT32_UNIT;
      case UNRECOGNIZED -> throw new InvalidArgumentException("encoding", "unknown value " + value);
    };
  }

  private static CorruptionKind corruption(dev.gengap.proto.v1.DataSpec proto) {
    return switch (proto.getCorruption()) {
      case CORRUPTION_KIND_TRUE_LABELS -> CorruptionKind.TRUE_LABELS;
      case CORRUPTION_KIND_PARTIAL_LABELS -> CorruptionKind.PARTIAL_LABELS;
      case CORRUPTION_KIND_RANDOM_LABELS -> CorruptionKind.RANDOM_LABELS;
      case CORRUPTION_KIND_SHUFFLED_PIXELS -> CorruptionKind.SHUFFLED_PIXELS;
      case CORRUPTION_KIND_RANDOM_PIXELS -> CorruptionKind.RANDOM_PIXELS;
      case CORRUPTION_KIND_GAUSSIAN -> CorruptionKind.GAUSSIAN;
      case CORRUPTION_KIND_UNSPECIFIED ->
          throw new InvalidArgumentException("data.corruption", "required");
      case UNRECOGNIZED ->
          throw new InvalidArgumentException(
              "data.corruption", "unknown value " + proto.getCorruptionValue());
    };
  }
}
