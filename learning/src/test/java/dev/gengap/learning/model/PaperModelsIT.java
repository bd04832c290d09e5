package dev.gengap.learning.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.spec.ModelRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PaperModelsIT {

  private static final Shape ONE_IMAGE = new Shape(1, 3, 28, 28);

  static Stream<Arguments> paperCounts() {
    return Stream.of(
        Arguments.of(ModelKind.MODEL_KIND_MLP_1X512, Normalization.NONE, 1_209_866L),
        Arguments.of(ModelKind.MODEL_KIND_MLP_3X512, Normalization.NONE, 1_735_178L),
        Arguments.of(ModelKind.MODEL_KIND_INCEPTION_SMALL, Normalization.BATCH_NORM, 1_649_402L),
        Arguments.of(ModelKind.MODEL_KIND_INCEPTION_SMALL, Normalization.NONE, 1_649_402L),
        Arguments.of(ModelKind.MODEL_KIND_ALEXNET_SMALL, Normalization.NONE, 1_387_786L));
  }

  @ParameterizedTest
  @MethodSource("paperCounts")
  void parameterCountFollowsThePaper(ModelKind kind, Normalization normalization, long expected) {
    try (Model model = Model.newInstance("count", "MXNet")) {
      Block block = PaperModels.build(kind, normalization, 0);
      block.initialize(model.getNDManager(), DataType.FLOAT32, ONE_IMAGE);
      assertThat(PaperModels.parameterCount(block)).isEqualTo(expected);
      assertThat(ModelRules.of(kind).parameters().of(28 * 28, 2352)).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @MethodSource("paperCounts")
  void dropoutAddsBlocksButNoParameters(
      ModelKind kind, Normalization normalization, long expected) {
    try (Model model = Model.newInstance("count", "MXNet")) {
      Block block = PaperModels.build(kind, normalization, 0.5);
      block.initialize(model.getNDManager(), DataType.FLOAT32, ONE_IMAGE);
      assertThat(PaperModels.parameterCount(block)).isEqualTo(expected);
      assertThat(block.toString()).contains("Dropout");
    }
  }

  @Test
  void inceptionShapesThroughEveryModule() {
    Block block = InceptionSmall.build(Normalization.BATCH_NORM, 0);
    assertThat(shapesThroughChildren(block))
        .containsExactly(
            new Shape(2, 96, 28, 28), // conv 3×3 96
            new Shape(2, 64, 28, 28), // Inc(32, 32)
            new Shape(2, 80, 28, 28), // Inc(32, 48)
            new Shape(2, 160, 14, 14), // Down(80): 80 + 80
            new Shape(2, 160, 14, 14), // Inc(112, 48)
            new Shape(2, 160, 14, 14), // Inc(96, 64)
            new Shape(2, 160, 14, 14), // Inc(80, 80)
            new Shape(2, 144, 14, 14), // Inc(48, 96)
            new Shape(2, 240, 7, 7), // Down(96): 96 + 144
            new Shape(2, 336, 7, 7), // Inc(176, 160)
            new Shape(2, 336, 7, 7), // Inc(176, 160)
            new Shape(2, 336), // global mean pool
            new Shape(2, 10));
  }

  @Test
  void alexNetShapesThroughEveryModule() {
    assertThat(shapesThroughChildren(AlexNetSmall.build(0)))
        .containsExactly(
            new Shape(2, 64, 14, 14),
            new Shape(2, 64, 7, 7),
            new Shape(2, 3136),
            new Shape(2, 384),
            new Shape(2, 384),
            new Shape(2, 192),
            new Shape(2, 192),
            new Shape(2, 10));
  }

  @Test
  void mlpShapesThroughEveryModule() {
    assertThat(shapesThroughChildren(Mlp.threeHidden(0)))
        .containsExactly(
            new Shape(2, 2352),
            new Shape(2, 512),
            new Shape(2, 512),
            new Shape(2, 512),
            new Shape(2, 512),
            new Shape(2, 512),
            new Shape(2, 512),
            new Shape(2, 10));
  }

  @ParameterizedTest
  @MethodSource("paperCounts")
  void everyParameterReceivesAGradient(ModelKind kind, Normalization normalization, long ignored) {
    for (String engine : List.of("MXNet", "PyTorch")) {
      try (Model model = Model.newInstance("gradients", engine)) {
        model.setBlock(PaperModels.build(kind, normalization, 0));
        try (Trainer trainer =
            model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
          trainer.initialize(new Shape(4, 3, 28, 28));
          NDArray images = trainer.getManager().create(randomImages(4), new Shape(4, 3, 28, 28));
          NDArray labels = trainer.getManager().create(new float[] {0, 3, 7, 9});
          try (GradientCollector collector = trainer.newGradientCollector()) {
            NDList predictions = trainer.forward(new NDList(images));
            assertThat(predictions.head().getShape()).isEqualTo(new Shape(4, 10));
            collector.backward(trainer.getLoss().evaluate(new NDList(labels), predictions));
          }
          List<String> withoutGradient = new ArrayList<>();
          for (Pair<String, Parameter> named : model.getBlock().getParameters()) {
            Parameter parameter = named.getValue();
            if (parameter.requiresGradient()
                && parameter.getArray().getGradient().abs().sum().getFloat() == 0f) {
              withoutGradient.add(named.getKey());
            }
          }
          assertThat(withoutGradient).as(engine + " " + kind).isEmpty();
        }
      }
    }
  }

  @Test
  void onlyInceptionTakesBatchNorm() {
    assertThatThrownBy(
            () -> PaperModels.build(ModelKind.MODEL_KIND_MLP_1X512, Normalization.BATCH_NORM, 0))
        .hasMessageStartingWith("model.batch_norm:");
    assertThatThrownBy(
            () -> PaperModels.build(ModelKind.MODEL_KIND_UNSPECIFIED, Normalization.NONE, 0))
        .hasMessageStartingWith("model.kind:");
  }

  /** Output shape of each top-level module for a batch of two images, by running it. */
  private static List<Shape> shapesThroughChildren(Block block) {
    List<Shape> shapes = new ArrayList<>();
    try (Model model = Model.newInstance("shapes", "MXNet")) {
      model.setBlock(block);
      block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, 3, 28, 28));
      ParameterStore parameters = new ParameterStore(model.getNDManager(), false);
      NDList x = new NDList(model.getNDManager().create(randomImages(2), new Shape(2, 3, 28, 28)));
      for (Block child : block.getChildren().values()) {
        x = child.forward(parameters, x, false);
        shapes.add(x.head().getShape());
      }
    }
    return shapes;
  }

  private static float[] randomImages(int count) {
    Random random = new Random(count);
    float[] pixels = new float[count * 3 * 28 * 28];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextGaussian();
    }
    return pixels;
  }
}
