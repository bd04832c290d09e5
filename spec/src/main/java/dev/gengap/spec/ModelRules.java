package dev.gengap.spec;

import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.gengap.proto.v1.Initialization;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.TrainingRecipe;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything gengap knows about one model kind, in one place: validation, the trainer, the
 * evaluator, the learning code and the CLI read these rules instead of testing for a kind.
 *
 * @param kind the model kind
 * @param family how the model is fitted: a DJL network trained by the epoch loop, or a float64
 *     interpolating model (Sections 4 and 5) fitted by the trainer's closed-form branch
 * @param hasBatchNorm whether {@code model.batch_norm} applies (it is then on by default); every
 *     other kind rejects {@code batch_norm: true}
 * @param defaultLr0 the initial learning rate when {@code recipe.lr0} is unset (Table 1)
 * @param parameters weights and biases under the paper's convention (BatchNorm not counted), as a
 *     function of the training set for the interpolating models; the networks' counts are on
 *     CIFAR-10's 3 × 28 × 28 input (an MLP on 1 × 28 × 28 MNIST-format input has 1568 × 512 fewer
 *     first-layer weights; the trainer records each run's measured count)
 * @param datasets the data sets ({@code DataSpec.dataset}) the model's input layer fits
 * @param recipeFields the {@link TrainingRecipe} fields that apply; a request that sets another one
 *     is refused
 * @param initialization the default initialization without BatchNorm (UNSPECIFIED for the
 *     interpolating models, which take none)
 * @param initializationWithBatchNorm the default initialization with BatchNorm (the same as {@code
 *     initialization} where BatchNorm does not apply)
 */
public record ModelRules(
    ModelKind kind,
    Family family,
    boolean hasBatchNorm,
    double defaultLr0,
    ParameterCount parameters,
    Set<String> datasets,
    Set<String> recipeFields,
    Initialization initialization,
    Initialization initializationWithBatchNorm) {

  /** How a model is fitted. */
  public enum Family {
    /** A DJL network trained by SGD, epoch by epoch, on whitened crops. */
    NETWORK,
    /** A float64 model on raw pixels in [0, 1], fitted in closed form (or, linear, by SGD). */
    INTERPOLATION
  }

  /** A model's parameter count for {@code n} training examples of dimension {@code d}. */
  @FunctionalInterface
  public interface ParameterCount {
    long of(long n, long d);

    /** A network's count, whatever the data. */
    static ParameterCount fixed(long count) {
      return (n, d) -> count;
    }
  }

  /** Classes of every data set gengap serves: the columns of α and W. */
  public static final int CLASSES = 10;

  // Recipe fields of the interpolating models: recipe.lr0 is the linear model's step size in
  // units of 1 / mean‖x‖² (stable below 2), recipe.max_epochs its number of SGD epochs.
  private static final double LINEAR_LR0 = 1.0;
  private static final Set<String> ALL_RECIPE_FIELDS =
      TrainingRecipe.getDescriptor().getFields().stream()
          .map(FieldDescriptor::getName)
          .collect(Collectors.toUnmodifiableSet());

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
            Family.NETWORK,
            false,
            DEFAULT_LR0,
            ParameterCount.fixed(1_209_866),
            anyDataset,
            ALL_RECIPE_FIELDS,
            Initialization.INITIALIZATION_DJL_DEFAULT,
            Initialization.INITIALIZATION_DJL_DEFAULT));
    add(
        new ModelRules(
            ModelKind.MODEL_KIND_MLP_3X512,
            Family.NETWORK,
            false,
            DEFAULT_LR0,
            ParameterCount.fixed(1_735_178),
            anyDataset,
            ALL_RECIPE_FIELDS,
            Initialization.INITIALIZATION_DJL_DEFAULT,
            Initialization.INITIALIZATION_DJL_DEFAULT));
    add(
        new ModelRules(
            ModelKind.MODEL_KIND_INCEPTION_SMALL,
            Family.NETWORK,
            true,
            INCEPTION_LR0,
            ParameterCount.fixed(1_649_402),
            cifarOnly,
            ALL_RECIPE_FIELDS,
            Initialization.INITIALIZATION_TRUNCATED_NORMAL,
            Initialization.INITIALIZATION_DJL_DEFAULT));
    add(
        new ModelRules(
            ModelKind.MODEL_KIND_ALEXNET_SMALL,
            Family.NETWORK,
            false,
            DEFAULT_LR0,
            ParameterCount.fixed(1_387_786),
            cifarOnly,
            ALL_RECIPE_FIELDS,
            Initialization.INITIALIZATION_TRUNCATED_NORMAL,
            Initialization.INITIALIZATION_TRUNCATED_NORMAL));
    // Sections 4 and 5: every data set, raw pixels; no BatchNorm, no initialization.
    Set<String> everyDataset = anyDataset;
    add(
        interpolation(
            ModelKind.MODEL_KIND_KERNEL_RBF, (n, d) -> n * CLASSES, everyDataset, Set.of()));
    add(
        interpolation(
            ModelKind.MODEL_KIND_LINEAR_LEAST_SQUARES,
            (n, d) -> d * CLASSES,
            everyDataset,
            Set.of("lr0", "max_epochs")));
    // Theorem 1: a ∈ ℝᵈ, b, w ∈ ℝⁿ.
    add(
        interpolation(
            ModelKind.MODEL_KIND_THEOREM1_RELU, (n, d) -> 2 * n + d, everyDataset, Set.of()));
  }

  private static ModelRules interpolation(
      ModelKind kind, ParameterCount parameters, Set<String> datasets, Set<String> recipeFields) {
    return new ModelRules(
        kind,
        Family.INTERPOLATION,
        false,
        LINEAR_LR0,
        parameters,
        datasets,
        recipeFields,
        Initialization.INITIALIZATION_UNSPECIFIED,
        Initialization.INITIALIZATION_UNSPECIFIED);
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

  /** Whether the trainer fits this model in its closed-form branch rather than the epoch loop. */
  public boolean interpolates() {
    return family == Family.INTERPOLATION;
  }

  /** Whether {@code model.gamma} and {@code model.ridge} apply: the Gaussian kernel only. */
  public boolean takesKernelWidth() {
    return kind == ModelKind.MODEL_KIND_KERNEL_RBF;
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
