package dev.gengap.dataset.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gengap.dataset.DatasetServer;
import dev.gengap.dataset.idx.IdxFiles;
import dev.gengap.dataset.preprocess.Crop;
import dev.gengap.dataset.preprocess.Whitening;
import dev.gengap.dataset.source.ImageSet;
import dev.gengap.dataset.testdata.SyntheticIdx;
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
import dev.gengap.spec.Datasets;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dataset-service serving a generated Fashion-MNIST-format set (and nothing else) over a real
 * socket: shapes, preprocessing and every corruption on 1×28×28 images, and the errors for what it
 * does not serve.
 */
class IdxDatasetIT {
  private static final int TRAIN = 150;
  private static final int TEST = 40;
  private static final int PIXELS = 784;
  @TempDir static Path dir;
  private static ImageSet data;
  private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private static ManagedGrpcServer server;
  private static ManagedChannel channel;
  private static DatasetServiceGrpc.DatasetServiceBlockingStub stub;

  @BeforeAll
  static void start() throws Exception {
    data =
        new IdxFiles(Datasets.FASHION_MNIST, TRAIN, TEST)
            .load(SyntheticIdx.writeBands(dir, TRAIN, TEST, 11, true));
    server =
        DatasetServer.serve(
            List.of(data),
            4,
            Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()),
            registry,
            Optional.empty());
    channel =
        Grpc.newChannelBuilderForAddress(
                "localhost", server.port(), InsecureChannelCredentials.create())
            .build();
    stub = DatasetServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  private static DataSpec.Builder spec(CorruptionKind kind) {
    return DataSpec.newBuilder().setDataset("fashion-mnist").setSeed(5).setCorruption(kind);
  }

  private static Batch examples(DataSpec.Builder data, Split split, Encoding encoding, int... is) {
    GetExamplesRequest.Builder request =
        GetExamplesRequest.newBuilder().setData(data).setSplit(split).setEncoding(encoding);
    Arrays.stream(is).forEach(request::addIndices);
    return stub.getExamples(request.build());
  }

  @Test
  void infoDescribesOneGreyChannelOf28By28() {
    DatasetInfo info =
        stub.getDatasetInfo(
            GetDatasetInfoRequest.newBuilder()
                .setData(spec(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS))
                .build());
    assertThat(info.getDataset()).isEqualTo("fashion-mnist");
    assertThat(List.of(info.getChannels(), info.getHeight(), info.getWidth()))
        .containsExactly(1, 28, 28);
    assertThat(List.of(info.getCropHeight(), info.getCropWidth())).containsExactly(28, 28);
    assertThat(info.getTrainSize()).isEqualTo(TRAIN);
    assertThat(info.getTestSize()).isEqualTo(TEST);
    assertThat(info.getClassNames(9)).isEqualTo("Ankle boot");
    assertThat(info.getTrainChannelStatsList())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getChannel()).isEqualTo("L");
              assertThat(s.getMean()).isEqualTo(data.trainChannelStats().get(0).mean());
            });
    assertThat(info.getTrainContentHash()).hasSize(64);
    assertThat(
            registry
                .get("gengap.dataset.available")
                .tag("dataset", "fashion-mnist")
                .gauge()
                .value())
        .isEqualTo(1);
    assertThat(registry.get("gengap.dataset.available").tag("dataset", "mnist").gauge().value())
        .isZero();
  }

  @Test
  void everyEncodingServesTheWhole28By28Image() {
    Batch whitened =
        examples(
            spec(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS),
            Split.SPLIT_TEST,
            Encoding.ENCODING_FLOAT32_NCHW,
            4);
    assertThat(whitened.getShapeList()).containsExactly(1, 1, 28, 28);
    float[] expected = new float[PIXELS];
    Whitening.cropAndWhiten(
        data.testImages(), data.shape(), 4 * PIXELS, Crop.center(data.shape()), expected, 0);
    assertThat(floats(whitened)).containsExactly(expected);
    double mean = 0;
    for (float v : expected) {
      mean += v / PIXELS;
    }
    assertThat(mean).isCloseTo(0, org.assertj.core.api.Assertions.within(1e-5));

    Batch raw =
        examples(
            spec(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS),
            Split.SPLIT_TRAIN,
            Encoding.ENCODING_UINT8_RAW,
            9);
    assertThat(raw.getShapeList()).containsExactly(1, 1, 28, 28);
    assertThat(raw.getData().toByteArray())
        .isEqualTo(Arrays.copyOfRange(data.trainImages(), 9 * PIXELS, 10 * PIXELS));

    Batch unit =
        examples(
            spec(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS),
            Split.SPLIT_TRAIN,
            Encoding.ENCODING_FLOAT32_UNIT,
            9);
    assertThat(unit.getShapeList()).containsExactly(1, 1, 28, 28);
    float[] values = floats(unit);
    for (int q = 0; q < PIXELS; q++) {
      assertThat(values[q]).isEqualTo((data.trainImages()[9 * PIXELS + q] & 0xFF) / 255f);
    }
  }

  @Test
  void pixelCorruptionsPermuteThe784PositionsAndGaussianMatchesTheGreyChannel() {
    for (CorruptionKind kind :
        List.of(
            CorruptionKind.CORRUPTION_KIND_SHUFFLED_PIXELS,
            CorruptionKind.CORRUPTION_KIND_RANDOM_PIXELS)) {
      // Image 0 is the position image: pixel q holds q mod 251.
      byte[] image =
          examples(spec(kind), Split.SPLIT_TRAIN, Encoding.ENCODING_UINT8_RAW, 0)
              .getData()
              .toByteArray();
      byte[] clean = Arrays.copyOfRange(data.trainImages(), 0, PIXELS);
      assertThat(image).hasSize(PIXELS).isNotEqualTo(clean);
      byte[] sorted = image.clone();
      byte[] sortedClean = clean.clone();
      Arrays.sort(sorted);
      Arrays.sort(sortedClean);
      assertThat(sorted).as(kind.name()).isEqualTo(sortedClean);
    }

    List<Batch> gaussian = new ArrayList<>();
    stub.streamEpoch(
            StreamEpochRequest.newBuilder()
                .setData(spec(CorruptionKind.CORRUPTION_KIND_GAUSSIAN))
                .setSplit(Split.SPLIT_TRAIN)
                .setEncoding(Encoding.ENCODING_UINT8_RAW)
                .setBatchSize(64)
                .build())
        .forEachRemaining(gaussian::add);
    double sum = 0;
    long n = 0;
    for (Batch batch : gaussian) {
      for (byte b : batch.getData().toByteArray()) {
        sum += b & 0xFF;
        n++;
      }
    }
    assertThat(n).isEqualTo((long) TRAIN * PIXELS);
    assertThat(sum / n)
        .isCloseTo(
            data.trainChannelStats().get(0).mean(), org.assertj.core.api.Assertions.within(1.0));
  }

  @Test
  void labelCorruptionsChangeLabelsNotPixels() {
    Batch batch =
        examples(
            spec(CorruptionKind.CORRUPTION_KIND_RANDOM_LABELS),
            Split.SPLIT_TRAIN,
            Encoding.ENCODING_UINT8_RAW,
            3,
            4,
            5,
            6,
            7,
            8,
            9,
            10);
    assertThat(batch.getData().toByteArray())
        .isEqualTo(Arrays.copyOfRange(data.trainImages(), 3 * PIXELS, 11 * PIXELS));
    assertThat(batch.getLabelsList()).isNotEqualTo(batch.getTrueLabelsList());
  }

  @Test
  void aRandomCropOn28By28ImagesIsInvalid() {
    assertThatThrownBy(
            () ->
                stub.streamEpoch(
                        StreamEpochRequest.newBuilder()
                            .setData(spec(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS))
                            .setSplit(Split.SPLIT_TRAIN)
                            .setBatchSize(8)
                            .setAugment(true)
                            .build())
                    .hasNext())
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .startsWith("augment: fashion-mnist images are 28×28 already");
            });
  }

  @Test
  void aDataSetThatIsNotServedIsAFailedPreconditionNamingItsFlag() {
    for (String dataset : List.of("mnist", "cifar10")) {
      assertThatThrownBy(
              () ->
                  stub.getDatasetInfo(
                      GetDatasetInfoRequest.newBuilder()
                          .setData(
                              spec(CorruptionKind.CORRUPTION_KIND_TRUE_LABELS).setDataset(dataset))
                          .build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                assertThat(e.getStatus().getDescription())
                    .startsWith(
                        "data.dataset: " + dataset + " is not served by this dataset-service")
                    .contains(dataset.equals("mnist") ? "--mnist-dir" : "--data-dir");
              });
    }
  }

  @Test
  void healthNamesEachDataSetServingOnlyTheOneItHolds() {
    HealthGrpc.HealthBlockingStub health =
        HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    Map<String, ServingStatus> statuses = new LinkedHashMap<>();
    for (String service :
        List.of(
            "",
            "gengap.v1.DatasetService/fashion-mnist",
            "gengap.v1.DatasetService/mnist",
            "gengap.v1.DatasetService/cifar10")) {
      statuses.put(
          service,
          health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus());
    }

    assertThat(statuses)
        .containsExactly(
            Map.entry("", ServingStatus.SERVING),
            Map.entry("gengap.v1.DatasetService/fashion-mnist", ServingStatus.SERVING),
            Map.entry("gengap.v1.DatasetService/mnist", ServingStatus.NOT_SERVING),
            Map.entry("gengap.v1.DatasetService/cifar10", ServingStatus.NOT_SERVING));
  }

  private static float[] floats(Batch batch) {
    float[] values = new float[batch.getData().size() / Float.BYTES];
    batch
        .getData()
        .asReadOnlyByteBuffer()
        .order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer()
        .get(values);
    return values;
  }
}
