package dev.gengap.spec;

import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.gengap.proto.v1.CorruptionKind;
import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.Device;
import dev.gengap.proto.v1.Engine;
import dev.gengap.proto.v1.ModelKind;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.TrainingRecipe;
import dev.gengap.proto.v1.WeightDecayScope;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Validation and resolution of run specs: {@link #resolve} checks every field and fills every
 * default of DESIGN.md §1, so the stored spec says explicitly how the run trains. Resolving a
 * resolved spec returns it unchanged.
 *
 * <p>Engine and device stay as requested: UNSPECIFIED means "the trainer's default engine" and "GPU
 * if present", and the run row records what was actually used.
 */
public final class RunSpecs {
  static final int MAX_BATCH_SIZE = 4096;
  static final int MAX_EPOCHS = 10_000;
  static final int MAX_LABEL_LENGTH = 200;

  // DESIGN.md §1 defaults.
  static final String DEFAULT_DATASET = Datasets.CIFAR10;
  static final double DEFAULT_LR_DECAY = 0.95; // × 0.95 per epoch
  static final double DEFAULT_MOMENTUM = 0.9;
  static final int DEFAULT_BATCH_SIZE = 128;
  static final int DEFAULT_MAX_EPOCHS = 150;
  static final double DEFAULT_STOP_AT_TRAIN_ACCURACY = 1.0;
  static final int DEFAULT_CHECKPOINT_EVERY = 5;

  private RunSpecs() {}

  /**
   * The spec with every default filled in.
   *
   * @throws InvalidSpecException naming the first bad field, as a path inside {@link RunSpec}
   */
  public static RunSpec resolve(RunSpec spec) {
    if (!spec.hasData()) {
      throw new InvalidSpecException("data", "required");
    }
    if (!spec.hasModel()) {
      throw new InvalidSpecException("model", "required");
    }
    if (spec.getModel().getKind() == ModelKind.UNRECOGNIZED) {
      throw unknown("model.kind", spec.getModel().getKindValue());
    }
    ModelRules rules = ModelRules.of(spec.getModel().getKind());
    DataSpec data = resolveData(spec.getData());
    if (!rules.datasets().contains(data.getDataset())) {
      throw new InvalidSpecException(
          "data.dataset",
          rules.kind().name()
              + " takes "
              + String.join(" or ", rules.datasets().stream().sorted().toList())
              + ", not \""
              + data.getDataset()
              + "\"");
    }
    if (rules.kind() == ModelKind.MODEL_KIND_LINEAR_LEAST_SQUARES) {
      requireUnderDetermined(data, rules);
    }
    if (spec.getRecipe().getRandomCrop() && !Datasets.of(data.getDataset()).cropped()) {
      throw new InvalidSpecException(
          "recipe.random_crop",
          data.getDataset()
              + " images are "
              + Datasets.CROP_SIDE
              + "×"
              + Datasets.CROP_SIDE
              + " already, the networks' input size: there is no crop to draw");
    }
    RunSpec.Builder resolved =
        spec.toBuilder()
            .setData(data)
            .setModel(resolveModel(spec.getModel(), rules, data))
            .setRecipe(resolveRecipe(spec.getRecipe(), rules));
    switch (spec.getEngine()) {
      case ENGINE_UNSPECIFIED, ENGINE_MXNET, ENGINE_PYTORCH -> {}
      case UNRECOGNIZED -> throw unknown("engine", spec.getEngineValue());
    }
    switch (spec.getDevice()) {
      case DEVICE_UNSPECIFIED, DEVICE_CPU, DEVICE_GPU -> {}
      case UNRECOGNIZED -> throw unknown("device", spec.getDeviceValue());
    }
    if (spec.getAllowTf32() && spec.getDevice() == Device.DEVICE_CPU) {
      throw new InvalidSpecException(
          "allow_tf32", "TF32 is a GPU mode: must be false with device DEVICE_CPU");
    }
    if (spec.getAllowTf32() && spec.getEngine() == Engine.ENGINE_MXNET) {
      throw new InvalidSpecException(
          "allow_tf32", "needs the PyTorch engine: must be false with engine ENGINE_MXNET");
    }
    if (spec.getLabel().length() > MAX_LABEL_LENGTH) {
      throw new InvalidSpecException(
          "label", "at most " + MAX_LABEL_LENGTH + " characters, was " + spec.getLabel().length());
    }
    return resolved.build();
  }

  private static DataSpec resolveData(DataSpec data) {
    DataSpec.Builder resolved = data.toBuilder();
    if (data.getDataset().isEmpty()) {
      resolved.setDataset(DEFAULT_DATASET);
    }
    int trainSize = Datasets.of(resolved.getDataset()).trainSize();
    double p = data.getCorruptionProbability();
    if (!(p >= 0 && p <= 1)) {
      throw new InvalidSpecException("data.corruption_probability", "must be in [0, 1], was " + p);
    }
    CorruptionKind kind = data.getCorruption();
    boolean labelCorruption =
        switch (kind) {
          case CORRUPTION_KIND_UNSPECIFIED ->
              throw new InvalidSpecException("data.corruption", "required");
          case UNRECOGNIZED -> throw unknown("data.corruption", data.getCorruptionValue());
          case CORRUPTION_KIND_PARTIAL_LABELS -> true;
          case CORRUPTION_KIND_RANDOM_LABELS -> {
            // Resolved random labels report p = 1, so 1 is accepted as well as 0.
            if (p != 0 && p != 1) {
              throw new InvalidSpecException(
                  "data.corruption_probability",
                  "must be 0 (or 1) for CORRUPTION_KIND_RANDOM_LABELS, was " + p);
            }
            resolved.setCorruptionProbability(1.0);
            yield true;
          }
          case CORRUPTION_KIND_TRUE_LABELS -> {
            requireNoProbability(kind, p);
            yield true;
          }
          case CORRUPTION_KIND_SHUFFLED_PIXELS,
              CORRUPTION_KIND_RANDOM_PIXELS,
              CORRUPTION_KIND_GAUSSIAN -> {
            requireNoProbability(kind, p);
            yield false;
          }
        };
    if (data.getCorruptTestLabels() && !labelCorruption) {
      throw new InvalidSpecException(
          "data.corrupt_test_labels", "applies to label corruptions only, not " + kind.name());
    }
    if (Integer.compareUnsigned(data.getTrainSubset(), trainSize) > 0) {
      throw new InvalidSpecException(
          "data.train_subset",
          "must be in 0.."
              + trainSize
              + ", was "
              + Integer.toUnsignedString(data.getTrainSubset()));
    }
    return resolved.build();
  }

  /** Section 5's argument needs more unknowns than equations: n ≤ d. */
  private static void requireUnderDetermined(DataSpec data, ModelRules rules) {
    int d = Datasets.of(data.getDataset()).rawValues();
    long n =
        data.getTrainSubset() == 0
            ? Datasets.trainSize(data.getDataset())
            : Integer.toUnsignedLong(data.getTrainSubset());
    if (n > d) {
      throw new InvalidSpecException(
          "data.train_subset",
          rules.kind().name()
              + " needs an under-determined problem, at most d = "
              + d
              + " examples of "
              + data.getDataset()
              + ", was "
              + n
              + (data.getTrainSubset() == 0 ? " (0 = all)" : ""));
    }
  }

  private static void requireNoProbability(CorruptionKind kind, double p) {
    if (p != 0) {
      throw new InvalidSpecException(
          "data.corruption_probability",
          "must be 0 for " + kind.name() + " (only PARTIAL_LABELS takes one), was " + p);
    }
  }

  private static ModelSpec resolveModel(ModelSpec model, ModelRules rules, DataSpec data) {
    ModelSpec.Builder resolved = model.toBuilder();
    resolveKernel(model, rules, data, resolved);
    if (rules.hasBatchNorm()) {
      resolved.setBatchNorm(!model.hasBatchNorm() || model.getBatchNorm());
    } else if (model.getBatchNorm()) {
      throw new InvalidSpecException("model.batch_norm", rules.kind().name() + " has no BatchNorm");
    } else {
      resolved.setBatchNorm(false);
    }
    switch (model.getInitialization()) {
      case INITIALIZATION_DJL_DEFAULT, INITIALIZATION_TRUNCATED_NORMAL -> {
        if (rules.interpolates()) {
          throw new InvalidSpecException(
              "model.initialization", "does not apply to " + rules.kind().name());
        }
      }
      case INITIALIZATION_UNSPECIFIED ->
          resolved.setInitialization(rules.defaultInitialization(resolved.getBatchNorm()));
      case UNRECOGNIZED -> throw unknown("model.initialization", model.getInitializationValue());
    }
    return resolved.build();
  }

  /** γ (default per data set) and ridge for the Gaussian kernel; neither for any other kind. */
  private static void resolveKernel(
      ModelSpec model, ModelRules rules, DataSpec data, ModelSpec.Builder resolved) {
    if (!rules.takesKernelWidth()) {
      if (model.hasGamma()) {
        throw new InvalidSpecException(
            "model.gamma", "applies to the Gaussian kernel only, not " + rules.kind().name());
      }
      if (model.getRidge() != 0) {
        throw new InvalidSpecException(
            "model.ridge", "applies to the Gaussian kernel only, not " + rules.kind().name());
      }
      return;
    }
    double gamma =
        model.hasGamma() ? model.getGamma() : Datasets.of(data.getDataset()).defaultGamma();
    if (!(gamma > 0 && Double.isFinite(gamma))) {
      throw new InvalidSpecException("model.gamma", "must be > 0, was " + gamma);
    }
    resolved.setGamma(gamma);
    double ridge = model.getRidge();
    if (!(ridge >= 0 && Double.isFinite(ridge))) {
      throw new InvalidSpecException("model.ridge", "must be ≥ 0, was " + ridge);
    }
  }

  private static TrainingRecipe resolveRecipe(TrainingRecipe recipe, ModelRules rules) {
    if (rules.interpolates()) {
      return resolveInterpolationRecipe(recipe, rules);
    }
    TrainingRecipe.Builder resolved = recipe.toBuilder();

    double lr0 = recipe.hasLr0() ? recipe.getLr0() : rules.defaultLr0();
    if (!(lr0 > 0 && lr0 <= 10)) {
      throw new InvalidSpecException("recipe.lr0", "must be in (0, 10], was " + lr0);
    }
    resolved.setLr0(lr0);

    double decay = recipe.hasLrDecay() ? recipe.getLrDecay() : DEFAULT_LR_DECAY;
    if (!(decay > 0 && decay <= 1)) {
      throw new InvalidSpecException("recipe.lr_decay", "must be in (0, 1], was " + decay);
    }
    resolved.setLrDecay(decay);

    double momentum = recipe.hasMomentum() ? recipe.getMomentum() : DEFAULT_MOMENTUM;
    if (!(momentum >= 0 && momentum < 1)) {
      throw new InvalidSpecException("recipe.momentum", "must be in [0, 1), was " + momentum);
    }
    resolved.setMomentum(momentum);

    double weightDecay = recipe.getWeightDecay();
    if (!(weightDecay >= 0 && weightDecay < 1)) {
      throw new InvalidSpecException(
          "recipe.weight_decay", "must be in [0, 1), was " + weightDecay);
    }

    int batchSize = recipe.getBatchSize() == 0 ? DEFAULT_BATCH_SIZE : recipe.getBatchSize();
    if (Integer.compareUnsigned(batchSize, MAX_BATCH_SIZE) > 0) {
      throw new InvalidSpecException(
          "recipe.batch_size",
          "must be in 1.." + MAX_BATCH_SIZE + ", was " + Integer.toUnsignedString(batchSize));
    }
    resolved.setBatchSize(batchSize);

    int maxEpochs = maxEpochs(recipe);
    resolved.setMaxEpochs(maxEpochs);

    double stopAt =
        recipe.hasStopAtTrainAccuracy()
            ? recipe.getStopAtTrainAccuracy()
            : DEFAULT_STOP_AT_TRAIN_ACCURACY;
    if (!(stopAt > 0 && stopAt <= 1)) {
      throw new InvalidSpecException(
          "recipe.stop_at_train_accuracy", "must be in (0, 1], was " + stopAt);
    }
    resolved.setStopAtTrainAccuracy(stopAt);

    int checkpointEvery =
        recipe.getCheckpointEvery() == 0 ? DEFAULT_CHECKPOINT_EVERY : recipe.getCheckpointEvery();
    if (Integer.compareUnsigned(checkpointEvery, MAX_EPOCHS) > 0) {
      throw new InvalidSpecException(
          "recipe.checkpoint_every",
          "must be in 1.." + MAX_EPOCHS + ", was " + Integer.toUnsignedString(checkpointEvery));
    }
    resolved.setCheckpointEvery(checkpointEvery);

    double dropout = recipe.getDropout();
    if (!(dropout >= 0 && dropout < 1)) {
      throw new InvalidSpecException("recipe.dropout", "must be in [0, 1), was " + dropout);
    }

    if (Integer.compareUnsigned(recipe.getTestEveryEpochs(), MAX_EPOCHS) > 0) {
      throw new InvalidSpecException(
          "recipe.test_every_epochs",
          "must be in 0.."
              + MAX_EPOCHS
              + ", was "
              + Integer.toUnsignedString(recipe.getTestEveryEpochs()));
    }

    switch (recipe.getWeightDecayScope()) {
      case WEIGHT_DECAY_SCOPE_WEIGHTS, WEIGHT_DECAY_SCOPE_ALL_PARAMETERS -> {}
      // As the TensorFlow CIFAR-10 code: kernels only, not biases or BatchNorm's γ/β.
      case WEIGHT_DECAY_SCOPE_UNSPECIFIED ->
          resolved.setWeightDecayScope(WeightDecayScope.WEIGHT_DECAY_SCOPE_WEIGHTS);
      case UNRECOGNIZED ->
          throw unknown("recipe.weight_decay_scope", recipe.getWeightDecayScopeValue());
    }
    return resolved.build();
  }

  private static int maxEpochs(TrainingRecipe recipe) {
    int maxEpochs = recipe.getMaxEpochs() == 0 ? DEFAULT_MAX_EPOCHS : recipe.getMaxEpochs();
    if (Integer.compareUnsigned(maxEpochs, MAX_EPOCHS) > 0) {
      throw new InvalidSpecException(
          "recipe.max_epochs",
          "must be in 1.." + MAX_EPOCHS + ", was " + Integer.toUnsignedString(maxEpochs));
    }
    return maxEpochs;
  }

  /**
   * The recipe of an interpolating model: only the fields its rules name may be set; the linear
   * model's lr0 (step size in units of 1 / mean‖x‖², in (0, 2)) and max_epochs get defaults.
   */
  private static TrainingRecipe resolveInterpolationRecipe(
      TrainingRecipe recipe, ModelRules rules) {
    for (FieldDescriptor field : recipe.getAllFields().keySet()) {
      if (!rules.recipeFields().contains(field.getName())) {
        throw new InvalidSpecException(
            "recipe." + field.getName(), "does not apply to " + rules.kind().name());
      }
    }
    TrainingRecipe.Builder resolved = recipe.toBuilder();
    if (rules.recipeFields().contains("lr0")) {
      double lr0 = recipe.hasLr0() ? recipe.getLr0() : rules.defaultLr0();
      if (!(lr0 > 0 && lr0 < 2)) {
        throw new InvalidSpecException(
            "recipe.lr0", "must be in (0, 2) for " + rules.kind().name() + ", was " + lr0);
      }
      resolved.setLr0(lr0);
    }
    if (rules.recipeFields().contains("max_epochs")) {
      resolved.setMaxEpochs(maxEpochs(recipe));
    }
    return resolved.build();
  }

  /**
   * A run's human-readable name: its label, or one derived from the resolved spec such as {@code
   * "mlp_1x512 random_labels seed=0"} or {@code "inception_small no_bn partial_labels p=0.3 seed=1
   * wd=0.0005 crop dropout=0.5 n=10000"}.
   */
  public static String displayName(RunSpec resolved) {
    if (!resolved.getLabel().isEmpty()) {
      return resolved.getLabel();
    }
    ModelRules model = ModelRules.of(resolved.getModel().getKind());
    StringBuilder name = new StringBuilder(model.shortName().toLowerCase(Locale.ROOT));
    if (model.hasBatchNorm() && !resolved.getModel().getBatchNorm()) {
      name.append(" no_bn");
    }
    DataSpec data = resolved.getData();
    if (!data.getDataset().equals(DEFAULT_DATASET)) {
      name.append(' ').append(data.getDataset());
    }
    name.append(' ').append(lowerName(data.getCorruption().name(), "CORRUPTION_KIND_"));
    if (data.getCorruption() == CorruptionKind.CORRUPTION_KIND_PARTIAL_LABELS) {
      name.append(" p=").append(plain(data.getCorruptionProbability()));
    }
    name.append(" seed=").append(Long.toUnsignedString(data.getSeed()));
    if (resolved.getRecipe().getWeightDecay() > 0) {
      name.append(" wd=").append(plain(resolved.getRecipe().getWeightDecay()));
    }
    if (resolved.getRecipe().getRandomCrop()) {
      name.append(" crop");
    }
    if (resolved.getRecipe().getDropout() > 0) {
      name.append(" dropout=").append(plain(resolved.getRecipe().getDropout()));
    }
    if (data.getTrainSubset() > 0) {
      name.append(" n=").append(data.getTrainSubset());
    }
    return name.toString();
  }

  private static String lowerName(String enumName, String prefix) {
    return enumName.substring(prefix.length()).toLowerCase(Locale.ROOT);
  }

  private static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static InvalidSpecException unknown(String field, int value) {
    return new InvalidSpecException(field, "unknown value " + value);
  }
}
