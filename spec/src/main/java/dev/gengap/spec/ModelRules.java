package dev.gengap.spec;

import dev.gengap.proto.v1.Initialization;
import dev.gengap.proto.v1.ModelKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Everything gengap knows about one model kind, in one place: validation, the trainer, the
 * evaluator, the learning code and the CLI read these rules instead of testing for a kind.
 *
 * @param kind the model kind
 * @param hasBatchNorm whether {@code model.batch_norm} applies (it is then on by default); every
 *     other kind rejects {@code batch_norm: true}
 * @param defaultLr0 the initial learning rate when {@code recipe.lr0} is unset (Table 1)
 * @param parameterCount weights and biases under the paper's convention (BatchNorm not counted), on
 *     CIFAR-10's 3 × 28 × 28 input (an MLP on 1 × 28 × 28 MNIST-format input has 1568 × 512 fewer
 *     first-layer weights; the trainer records each run's measured count)
 * @param datasets the data sets ({@code DataSpec.dataset}) the model's input layer fits
 * @param initialization the default initialization without BatchNorm
 * @param initializationWithBatchNorm the default initialization with BatchNorm (the same as {@code
 *     initialization} where BatchNorm does not apply)
 */
public record ModelRules(
    ModelKind kind,
    boolean hasBatchNorm,
    double defaultLr0,
    long parameterCount,
    Set<String> datasets,
    Initialization initialization,
    Initialization initializationWithBatchNorm) {

  // Table 1: Inception trains at 0.1, AlexNet and the MLPs at 0.01.
  private static final double INCEPTION_LR0 = 0.1;
  private static final double DEFAULT_LR0 = 0.01;

  /*
   * Default initializations: the one with which each model trains at the paper's learning rate on
   * whitened CIFAR-10 at batch 128 (docs/learning.md has the loss curves). ALEXNET_SMALL and
   * INCEPTION_SMALL without BatchNorm diverge there with DJL's He-normal weights; BatchNorm
   * Inception and the MLPs train with either.
   */
  private static final Map<ModelKind, ModelRules> TABLE = new EnumMap<>(ModelKind.class);

  static {
    // The convolutional models are built for CIFAR-10's 3 × 28 × 28 crops; the MLPs flatten any
    // channels × 28 × 28 input (784 values on MNIST-format sets, hence fewer parameters there).
    Set<String> cifarOnly = Set.of(Datasets.CIFAR10);
    Set<String> anyDataset = Set.of(Datasets.CIFAR10, Datasets.MNIST, Datasets.FASHION_MNIST);
    add(
        new ModelRules(
            ModelKind.MODEL_KIND_MLP_1X512,
            false,
            DEFAULT_LR0,
            1_209_866,
            anyDataset,
            Initialization.INITIALIZATION_DJL_DEFAULT,
            Initialization.INITIALIZATION_DJL_DEFAULT));
    add(
        new ModelRules(
            ModelKind.MODEL_KIND_MLP_3X512,
            false,
            DEFAULT_LR0,
            1_735_178,
            anyDataset,
            Initialization.INITIALIZATION_DJL_DEFAULT,
            Initialization.INITIALIZATION_DJL_DEFAULT));
    add(
        new ModelRules(
            ModelKind.MODEL_KIND_INCEPTION_SMALL,
            true,
            INCEPTION_LR0,
            1_649_402,
            cifarOnly,
            Initialization.INITIALIZATION_TRUNCATED_NORMAL,
            Initialization.INITIALIZATION_DJL_DEFAULT));
    add(
        new ModelRules(
            ModelKind.MODEL_KIND_ALEXNET_SMALL,
            false,
            DEFAULT_LR0,
            1_387_786,
            cifarOnly,
            Initialization.INITIALIZATION_TRUNCATED_NORMAL,
            Initialization.INITIALIZATION_TRUNCATED_NORMAL));
  }

  private static void add(ModelRules rules) {
    TABLE.put(rules.kind(), rules);
  }

  /**
   * The rules of a known kind.
   *
   * @throws InvalidSpecException on {@code model.kind} for UNSPECIFIED or an unknown value
   */
  public static ModelRules of(ModelKind kind) {
    ModelRules rules = kind == ModelKind.UNRECOGNIZED ? null : TABLE.get(kind);
    if (rules == null) {
      throw new InvalidSpecException(
          "model.kind",
          kind == ModelKind.MODEL_KIND_UNSPECIFIED ? "required" : "unknown value " + kind);
    }
    return rules;
  }

  /** Every kind with rules, in proto order. */
  public static Iterable<ModelRules> all() {
    return TABLE.values();
  }

  /** The initialization the model gets when the spec leaves it unspecified. */
  public Initialization defaultInitialization(boolean batchNorm) {
    return batchNorm ? initializationWithBatchNorm : initialization;
  }

  /** The kind's name without its prefix, e.g. {@code MLP_1X512}. */
  public String shortName() {
    return kind.name().substring("MODEL_KIND_".length());
  }

  /**
   * The name a table row shows, carrying the BatchNorm choice as Table 1's rows do: {@code
   * INCEPTION_SMALL (no BN)}.
   */
  public String tableName(boolean batchNorm) {
    return hasBatchNorm && !batchNorm ? shortName() + " (no BN)" : shortName();
  }
}
