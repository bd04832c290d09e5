package dev.gengap.learning.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.gengap.proto.v1.Initialization;
import dev.gengap.proto.v1.ModelKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InitializationsIT {

  private static final Shape ONE_IMAGE = new Shape(1, 3, 28, 28);

  @ParameterizedTest
  @ValueSource(strings = {"MXNet", "PyTorch"})
  void truncatedNormalDrawsConvAndDenseWeightsWithThePapersStd(String engine) {
    Map<String, float[]> weights =
        weights(
            engine,
            ModelKind.MODEL_KIND_ALEXNET_SMALL,
            Initialization.INITIALIZATION_TRUNCATED_NORMAL,
            5);

    List<String> convs = new ArrayList<>();
    List<String> denses = new ArrayList<>();
    weights.forEach(
        (name, values) -> {
          float std =
              name.contains("Conv2d") ? Initializations.CONV_STD : Initializations.DENSE_STD;
          (name.contains("Conv2d") ? convs : denses).add(name);
          if (name.endsWith("weight")) {
            // Truncated at 2 std, and a truncated normal's std is 0.88 of the untruncated one.
            float largest = 0;
            for (float v : values) {
              largest = Math.max(largest, Math.abs(v));
            }
            assertThat(largest).isLessThanOrEqualTo(2 * std);
            assertThat(std(values)).isBetween(0.8 * std, 0.95 * std);
          } else {
            assertThat(values).containsOnly(0f);
          }
        });
    assertThat(convs).hasSize(4); // 2 × (weight, bias)
    assertThat(denses).hasSize(6);
  }

  @ParameterizedTest
  @ValueSource(strings = {"MXNet", "PyTorch"})
  void theSameSeedDrawsTheSameWeights(String engine) {
    ModelKind inception = ModelKind.MODEL_KIND_INCEPTION_SMALL;
    Initialization truncated = Initialization.INITIALIZATION_TRUNCATED_NORMAL;
    Map<String, float[]> first = weights(engine, inception, truncated, 3);
    Map<String, float[]> again = weights(engine, inception, truncated, 3);
    Map<String, float[]> other = weights(engine, inception, truncated, 4);

    assertThat(again.keySet()).containsExactlyElementsOf(first.keySet());
    // Arrays.equals: AssertJ's containsExactly is far too slow on arrays of a million values.
    first.forEach((name, values) -> assertThat(Arrays.equals(again.get(name), values)).isTrue());
    String firstConv = first.keySet().iterator().next();
    assertThat(Arrays.equals(other.get(firstConv), first.get(firstConv))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"MXNet", "PyTorch"})
  void djlDefaultKeepsHeNormalWeights(String engine) {
    Map<String, float[]> weights =
        weights(
            engine,
            ModelKind.MODEL_KIND_ALEXNET_SMALL,
            Initialization.INITIALIZATION_DJL_DEFAULT,
            5);
    // First conv: fan-in 3 · 5 · 5 = 75, He std sqrt(2 / 75) = 0.163, far above 0.05.
    float[] firstConv = weights.values().iterator().next();
    assertThat(std(firstConv)).isBetween(0.14, 0.18);
  }

  @ParameterizedTest
  @ValueSource(strings = {"MXNet", "PyTorch"})
  void unresolvedInitializationIsRejected(String engine) {
    assertThatThrownBy(
            () ->
                Initializations.apply(
                    PaperModels.build(ModelKind.MODEL_KIND_MLP_1X512, Normalization.NONE, 0),
                    Initialization.INITIALIZATION_UNSPECIFIED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("model.initialization:");
  }

  private static Map<String, float[]> weights(
      String engine, ModelKind kind, Initialization initialization, int seed) {
    Engine.getEngine(engine).setRandomSeed(seed);
    try (Model model = Model.newInstance("init", engine)) {
      Block block = PaperModels.build(kind, Normalization.NONE, 0);
      Initializations.apply(block, initialization);
      block.initialize(model.getNDManager(), DataType.FLOAT32, ONE_IMAGE);
      Map<String, float[]> weights = new LinkedHashMap<>();
      for (Pair<String, Parameter> parameter : block.getParameters()) {
        weights.put(parameter.getKey(), parameter.getValue().getArray().toFloatArray());
      }
      return weights;
    }
  }

  private static double std(float[] values) {
    double mean = 0;
    for (float v : values) {
      mean += v;
    }
    mean /= values.length;
    double squares = 0;
    for (float v : values) {
      squares += (v - mean) * (v - mean);
    }
    return Math.sqrt(squares / values.length);
  }
}
