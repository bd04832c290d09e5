package dev.gengap.learning.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.Pair;
import dev.gengap.proto.v1.WeightDecayScope;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MomentumSgdIT {

  /**
   * One step with a zero gradient, lr 1 and λ 0.1 leaves only the decay term: w ← w − 0.1·w. Every
   * parameter starts at 1, so a decayed one ends at 0.9 and an undecayed one stays at 1.
   */
  @Test
  void weightsScopeDecaysKernelsButNotBiasesOrBatchNormScaleAndShift() {
    Map<Parameter.Type, Float> after =
        stepWithZeroGradient(WeightDecayScope.WEIGHT_DECAY_SCOPE_WEIGHTS);

    assertThat(after)
        .containsEntry(Parameter.Type.WEIGHT, 0.9f)
        .containsEntry(Parameter.Type.BIAS, 1f)
        .containsEntry(Parameter.Type.GAMMA, 1f)
        .containsEntry(Parameter.Type.BETA, 1f);
  }

  @Test
  void allParametersScopeDecaysEveryTrainedParameter() {
    Map<Parameter.Type, Float> after =
        stepWithZeroGradient(WeightDecayScope.WEIGHT_DECAY_SCOPE_ALL_PARAMETERS);

    assertThat(after)
        .containsEntry(Parameter.Type.WEIGHT, 0.9f)
        .containsEntry(Parameter.Type.BIAS, 0.9f)
        .containsEntry(Parameter.Type.GAMMA, 0.9f)
        .containsEntry(Parameter.Type.BETA, 0.9f);
  }

  /** The first element of each trained parameter type after one update. */
  private static Map<Parameter.Type, Float> stepWithZeroGradient(WeightDecayScope scope) {
    try (Model model = Model.newInstance("decay", "MXNet")) {
      SequentialBlock block =
          new SequentialBlock()
              .add(Linear.builder().setUnits(4).build())
              .add(BatchNorm.builder().build())
              .add(Linear.builder().setUnits(2).build());
      block.setInitializer(new ConstantInitializer(1f), p -> true);
      model.setBlock(block);
      NDManager manager = model.getNDManager();
      block.initialize(manager, DataType.FLOAT32, new Shape(2, 3));

      MomentumSgd sgd = new MomentumSgd(0, 0.1, scope, manager);
      sgd.bind(block.getParameters());
      sgd.setLearningRate(1);
      Map<Parameter.Type, Float> firstValue = new HashMap<>();
      for (Pair<String, Parameter> named : block.getParameters()) {
        Parameter parameter = named.getValue();
        if (!parameter.requiresGradient()) {
          continue; // BatchNorm's running statistics are not trained
        }
        NDArray weight = parameter.getArray();
        try (NDArray zero = weight.zerosLike()) {
          sgd.update(parameter.getId(), weight, zero);
        }
        firstValue.put(parameter.getType(), weight.toFloatArray()[0]);
      }
      return firstValue;
    }
  }
}
