package dev.gengap.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gengap.proto.v1.Initialization;
import dev.gengap.proto.v1.ModelKind;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class ModelRulesTest {

  @Test
  void everyKnownKindHasRules() {
    List<ModelKind> known =
        Arrays.stream(ModelKind.values())
            .filter(k -> k != ModelKind.MODEL_KIND_UNSPECIFIED && k != ModelKind.UNRECOGNIZED)
            .toList();
    assertThat(StreamSupport.stream(ModelRules.all().spliterator(), false).map(ModelRules::kind))
        .containsExactlyElementsOf(known);
  }

  @Test
  void unspecifiedAndUnknownKindsNameTheField() {
    assertThatThrownBy(() -> ModelRules.of(ModelKind.MODEL_KIND_UNSPECIFIED))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("model.kind: required");
    assertThatThrownBy(() -> ModelRules.of(ModelKind.UNRECOGNIZED))
        .hasMessageStartingWith("model.kind: unknown value");
  }

  @Test
  void onlyInceptionHasBatchNormAndItsNameCarriesTheChoice() {
    ModelRules inception = ModelRules.of(ModelKind.MODEL_KIND_INCEPTION_SMALL);
    assertThat(inception.hasBatchNorm()).isTrue();
    assertThat(inception.tableName(false)).isEqualTo("INCEPTION_SMALL (no BN)");
    assertThat(inception.tableName(true)).isEqualTo("INCEPTION_SMALL");
    ModelRules mlp = ModelRules.of(ModelKind.MODEL_KIND_MLP_1X512);
    assertThat(mlp.hasBatchNorm()).isFalse();
    assertThat(mlp.tableName(false)).isEqualTo("MLP_1X512");
  }

  @Test
  void initializationDefaultsDependOnBatchNormForInceptionOnly() {
    ModelRules inception = ModelRules.of(ModelKind.MODEL_KIND_INCEPTION_SMALL);
    assertThat(inception.defaultInitialization(true))
        .isEqualTo(Initialization.INITIALIZATION_DJL_DEFAULT);
    assertThat(inception.defaultInitialization(false))
        .isEqualTo(Initialization.INITIALIZATION_TRUNCATED_NORMAL);
    assertThat(ModelRules.of(ModelKind.MODEL_KIND_ALEXNET_SMALL).defaultInitialization(false))
        .isEqualTo(Initialization.INITIALIZATION_TRUNCATED_NORMAL);
  }
}
