package dev.gengap.dataset.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gengap.dataset.DatasetServer;
import dev.gengap.dataset.cifar.CifarFiles;
import dev.gengap.dataset.preprocess.Crop;
import dev.gengap.dataset.preprocess.Whitening;
import dev.gengap.dataset.source.ImageSet;
import dev.gengap.dataset.source.ImageShape;
import dev.gengap.dataset.testdata.SyntheticCifar;
import dev.gengap.plumbing.ManagedGrpcServer;
import dev.gengap.proto.v1.Batch;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.DatasetInfo;
import dev.gengap.proto.v1.DatasetServiceGrpc;
import dev.gengap.proto.v1.Encoding;
import dev.gengap.proto.v1.GetDatasetInfoRequest;
import dev.gengap.proto.v1.GetExamplesRequest;
import dev.gengap.proto.v1.Split;
import dev.gengap.proto.v1.StreamEpochRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real service behind an in-process server. */
class DatasetGrpcServiceIT {
  private static final int RECORDS = 40;
  @TempDir static Path dir;
  private static ImageSet data;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private ManagedGrpcServer server;
  private ManagedChannel channel;
  private DatasetServiceGrpc.DatasetServiceBlockingStub stub;

  @BeforeAll
  static void load() {
    data = new CifarFiles(RECORDS).load(SyntheticCifar.writeFixture(dir, RECORDS));
  }

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server =
        DatasetServer.serve(
            List.of(data),
            3,
            InProcessServerBuilder.forName(name).directExecutor(),
            registry,
            Optional.empty());
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    stub = DatasetServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  private static DataSpec.Builder spec(CorruptionKind kind) {
    return DataSpec.newBuilder().setSeed(3).setCorruption(kind);
  }

  private static StreamEpochRequest.Builder epoch() {
    return StreamEpochRequest.newBuilder()
        .setData(spec(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS))
        .setSplit(Split.SPLIT_TRAIN)
        .setBatchSize(16);
  }

  private List<Batch> stream(StreamEpochRequest request) {
    List<Batch> batches = new ArrayList<>();
    stub.streamEpoch(request).forEachRemaining(batches::add);
    return batches;
  }

  @Test
  void infoReportsSizesStatsAndContentHashes() {
    DatasetInfo info =
        stub.getDatasetInfo(
            GetDatasetInfoRequest.newBuilder()
                .setData(spec(CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS).setTrainSubset(50))
                .build());
    assertThat(info.getDataset()).isEqualTo("cifar10");
    assertThat(info.getTrainSize()).isEqualTo(50);
    assertThat(info.getTestSize()).isEqualTo(RECORDS);
    assertThat(info.getClassNamesList()).hasSize(10);
    assertThat(List.of(info.getChannels(), info.getHeight(), info.getCropWidth()))
        .containsExactly(3, 32, 28);
    assertThat(info.getTrainChannelStatsList()).hasSize(3);
    assertThat(info.getTrainChannelStats(0).getMean())
        .isCloseTo(data.trainChannelStats().get(0).mean(), within(1e-9));
    assertThat(info.getTrainContentHash()).hasSize(64).isNotEqualTo(info.getTestContentHash());

    DatasetInfo otherSeed =
        stub.getDatasetInfo(
            GetDatasetInfoRequest.newBuilder()
                .setData(
                    spec(CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS)
                        .setSeed(4)
                        .setTrainSubset(50))
                .build());
    assertThat(otherSeed.getTrainContentHash()).isNotEqualTo(info.getTrainContentHash());
    assertThat(otherSeed.getTestContentHash()).isEqualTo(info.getTestContentHash());
  }

  @Test
  void streamsAWholeEpochOnceInIndexOrder() {
    List<Batch> batches = stream(epoch().build());

    assertThat(batches).hasSize(13); // 200 examples in batches of 16
    assertThat(batches.get(12).getIndicesCount()).isEqualTo(8);
    List<Integer> indices = new ArrayList<>();
    for (int b = 0; b < batches.size(); b++) {
      Batch batch = batches.get(b);
      assertThat(batch.getBatchIndex()).isEqualTo(b);
      assertThat(batch.getEncoding()).isEqualTo(Encoding.ENCODING_FLOAT32_NCHW);
      assertThat(batch.getShapeList()).containsExactly(batch.getIndicesCount(), 3, 28, 28);
      assertThat(batch.getData().size()).isEqualTo(batch.getIndicesCount() * 2352 * 4);
      assertThat(batch.getLabelsList()).isEqualTo(batch.getTrueLabelsList());
      indices.addAll(batch.getIndicesList());
    }
    assertThat(indices).hasSize(200).isSorted().doesNotHaveDuplicates();
    assertThat(registry.counter("gengap.dataset.batches.served", "split", "train").count())
        .isEqualTo(13);
    assertThat(registry.counter("gengap.dataset.images.served", "split", "train").count())
        .isEqualTo(200);
  }

  @Test
  void floatBatchesHoldTheWhitenedCropLittleEndian() {
    Batch batch =
        stub.getExamples(
            GetExamplesRequest.newBuilder()
                .setData(spec(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS))
                .setSplit(Split.SPLIT_TEST)
                .addIndices(7)
                .addIndices(3)
                .build());
    float[] expected = new float[2352];
    Whitening.cropAndWhiten(
        data.testImages(),
        ImageShape.CIFAR10,
        3 * 3072,
        Crop.center(ImageShape.CIFAR10),
        expected,
        0);
    ByteBuffer bytes = batch.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 2352; i++) {
      assertThat(bytes.getFloat((2352 + i) * 4)).isEqualTo(expected[i]);
    }
    assertThat(batch.getIndicesList()).containsExactly(7, 3);
    assertThat(batch.getTrueLabels(1)).isEqualTo(data.testLabels()[3]);
  }

  @Test
  void rawBatchesHoldTheCorruptedBytes() {
    Batch batch =
        stub.getExamples(
            GetExamplesRequest.newBuilder()
                .setData(spec(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS))
                .setSplit(Split.SPLIT_TRAIN)
                .setEncoding(Encoding.ENCODING_UINT8_RAW)
                .addIndices(5)
                .build());
    assertThat(batch.getShapeList()).containsExactly(1, 3, 32, 32);
    byte[] expected = java.util.Arrays.copyOfRange(data.trainImages(), 5 * 3072, 6 * 3072);
    assertThat(batch.getData().toByteArray()).isEqualTo(expected);
  }

  @Test
  void unitBatchesHoldThePixelsOver255() {
    Batch batch =
        stub.getExamples(
            GetExamplesRequest.newBuilder()
                .setData(spec(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS))
                .setSplit(Split.SPLIT_TRAIN)
                .setEncoding(Encoding.ENCODING_FLOAT32_UNIT)
                .addIndices(5)
                .build());
    assertThat(batch.getEncoding()).isEqualTo(Encoding.ENCODING_FLOAT32_UNIT);
    assertThat(batch.getShapeList()).containsExactly(1, 3, 32, 32);
    ByteBuffer bytes = batch.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 3072; i++) {
      assertThat(bytes.getFloat(i * 4)).isEqualTo((data.trainImages()[5 * 3072 + i] & 0xFF) / 255f);
    }
  }

  @Test
  void shuffleAndCropsArePerSeedAndEpoch() {
    StreamEpochRequest request = epoch().setShuffle(true).setAugment(true).setEpoch(2).build();
    List<Batch> first = stream(request);
    List<Batch> again = stream(request);
    List<Batch> nextEpoch = stream(request.toBuilder().setEpoch(3).build());

    assertThat(again).isEqualTo(first);
    assertThat(nextEpoch.get(0).getIndicesList()).isNotEqualTo(first.get(0).getIndicesList());
    Set<Integer> seen = new HashSet<>();
    first.forEach(b -> seen.addAll(b.getIndicesList()));
    assertThat(seen).hasSize(200);
  }

  @Test
  void maxBatchesStopsEarly() {
    assertThat(stream(epoch().setMaxBatches(2).build())).hasSize(2);
  }

  @Test
  void everyBadRequestIsInvalidArgumentNamingTheField() {
    expectInvalid(
        () ->
            stream(
                epoch()
                    .setData(
                        spec(CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS)
                            .setCorruptionProbability(1.5))
                    .build()),
        "data.corruption_probability: must be in [0, 1], was 1.5");
    expectInvalid(
        () ->
            stream(
                epoch()
                    .setData(
                        spec(CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS)
                            .setCorruptionProbability(-0.1))
                    .build()),
        "data.corruption_probability: must be in [0, 1], was -0.1");
    expectInvalid(
        () ->
            stream(
                epoch()
                    .setData(
                        spec(CorruptionKind.CORRUPTION_KIND_GAUSSIAN).setCorruptionProbability(0.5))
                    .build()),
        "data.corruption_probability: must be 0 for GAUSSIAN");
    expectInvalid(
        () -> stream(epoch().setBatchSize(0).build()), "batch_size: must be in 1..4096, was 0");
    expectInvalid(
        () -> stream(epoch().setBatchSize(4097).build()),
        "batch_size: must be in 1..4096, was 4097");
    expectInvalid(
        () -> stream(epoch().setData(DataSpec.newBuilder().setCorruptionValue(99)).build()),
        "data.corruption: unknown value 99");
    expectInvalid(
        () -> stream(epoch().setData(DataSpec.newBuilder().setSeed(1)).build()),
        "data.corruption: required");
    expectInvalid(() -> stream(epoch().setEpoch(-1).build()), "epoch: must be ≥ 0, was -1");
    expectInvalid(() -> stream(epoch().setSplitValue(7).build()), "split: unknown value 7");
    expectInvalid(() -> stream(epoch().clearSplit().build()), "split: required");
    expectInvalid(() -> stream(epoch().clearData().build()), "data: required");
    expectInvalid(() -> stream(epoch().setEncodingValue(5).build()), "encoding: unknown value 5");
    expectInvalid(
        () -> stream(epoch().setSplit(Split.SPLIT_TEST).setAugment(true).build()),
        "augment: allowed for the training split only");
    expectInvalid(
        () ->
            stream(
                epoch()
                    .setData(spec(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS).setDataset("svhn"))
                    .build()),
        "data.dataset: unknown data set \"svhn\"");
    expectInvalid(
        () ->
            stream(
                epoch()
                    .setData(spec(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS).setTrainSubset(201))
                    .build()),
        "data.train_subset: must be at most the training set's size 200, was 201");
    expectInvalid(
        () -> stub.getDatasetInfo(GetDatasetInfoRequest.getDefaultInstance()), "data: required");

    GetExamplesRequest.Builder examples =
        GetExamplesRequest.newBuilder()
            .setData(spec(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS))
            .setSplit(Split.SPLIT_TEST);
    expectInvalid(() -> stub.getExamples(examples.build()), "indices: must hold 1..4096 indices");
    expectInvalid(
        () -> stub.getExamples(examples.clone().addIndices(0).addIndices(40).build()),
        "indices[1]: must be < the split's size 40, was 40");
    expectInvalid(
        () -> {
          GetExamplesRequest.Builder many = examples.clone();
          for (int i = 0; i < 4097; i++) {
            many.addIndices(0);
          }
          stub.getExamples(many.build());
        },
        "indices: must hold 1..4096 indices, held 4097");
    expectInvalid(
        () -> stub.getExamples(examples.clone().addIndices(0).setEpoch(-2).build()),
        "epoch: must be ≥ 0, was -2");
    assertThat(
            registry.counter("gengap.dataset.stream.errors", "reason", "invalid_argument").count())
        .isEqualTo(15);
  }

  private static void expectInvalid(ThrowingCallable call, String descriptionStart) {
    Consumer<StatusRuntimeException> check =
        e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).startsWith(descriptionStart);
        };
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, check::accept);
  }
}
