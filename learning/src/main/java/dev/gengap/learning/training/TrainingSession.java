package dev.gengap.learning.training;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.gengap.learning.model.Initializations;
import dev.gengap.learning.model.PaperModels;
import dev.gengap.proto.v1.RunSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One run's model, trainer and optimizer on one engine and device: trains epochs, evaluates,
 * checkpoints. Not thread-safe; and since DJL's random generator is global, a JVM trains one
 * session at a time.
 */
public final class TrainingSession implements AutoCloseable {

  private final Model model;
  private final Trainer trainer;
  private final MomentumSgd optimizer;
  private final Recipe recipe;
  private final Placement placement;
  private long cumulativeSteps;

  private TrainingSession(
      Model model,
      Trainer trainer,
      MomentumSgd optimizer,
      Recipe recipe,
      Placement placement,
      long cumulativeSteps) {
    this.model = model;
    this.trainer = trainer;
    this.optimizer = optimizer;
    this.recipe = recipe;
    this.placement = placement;
    this.cumulativeSteps = cumulativeSteps;
  }

  /**
   * Opens a session for a resolved spec. Without a checkpoint the parameters are drawn from the
   * spec's seed as {@code model.initialization} says (unspecified: the model's default, {@link
   * dev.gengap.spec.ModelRules#defaultInitialization}); with one they, the momentum buffers and the
   * step count are restored from it.
   *
   * @param defaultEngine DJL engine for ENGINE_UNSPECIFIED, any case ("mxnet", "PyTorch")
   * @throws DeviceUnavailableException the spec wants a GPU and the engine has none
   * @throws IllegalArgumentException the spec is not resolved or the checkpoint does not fit it
   */
  public static TrainingSession open(
      RunSpec spec, String defaultEngine, Optional<Checkpoint> checkpoint) {
    Recipe recipe = Recipe.of(spec);
    Placement placement = Placement.resolve(spec, defaultEngine);
    // The engine's generator is global (DESIGN.md §5): seed it right before it draws the weights.
    Engine.getEngine(placement.engineName()).setRandomSeed(recipe.seed());
    Model model =
        Model.newInstance(
            "gengap-" + recipe.model().name(), placement.device(), placement.engineName());
    try {
      Block block = PaperModels.build(recipe.model(), recipe.normalization());
      Initializations.apply(block, recipe.initialization());
      model.setBlock(block);
      Optional<DataInputStream> state = checkpoint.map(TrainingSession::openPayload);
      if (state.isPresent()) {
        // Loaded parameters count as initialized, so trainer.initialize keeps them.
        block.loadParameters(model.getNDManager(), state.get());
      }
      MomentumSgd optimizer =
          new MomentumSgd(recipe.momentum(), recipe.weightDecay(), model.getNDManager());
      Trainer trainer =
          model.newTrainer(
              new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                  .optOptimizer(optimizer)
                  .optDevices(new ai.djl.Device[] {placement.device()}));
      trainer.initialize(batchShape(1));
      optimizer.bind(block.getParameters());
      if (state.isPresent()) {
        optimizer.load(state.get());
      }
      return new TrainingSession(
          model,
          trainer,
          optimizer,
          recipe,
          placement,
          checkpoint.map(Checkpoint::cumulativeSteps).orElse(0L));
    } catch (IOException | MalformedModelException e) {
      model.close();
      throw new IllegalArgumentException(
          "checkpoint: does not fit " + recipe.model() + ": " + e, e);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * Trains one epoch (1-based) at lr0 · lr_decay^(epoch − 1). Checks {@code cancelRequested} before
   * every batch and stops there when it says so.
   */
  public EpochResult trainEpoch(
      int epoch,
      Iterator<LabeledBatch> batches,
      BooleanSupplier cancelRequested,
      StepListener onStep) {
    double learningRate = recipe.learningRate(epoch);
    optimizer.setLearningRate(learningRate);
    Tally tally = new Tally();
    long start = System.nanoTime();
    boolean cancelled = false;
    while (true) {
      if (cancelRequested.getAsBoolean()) {
        cancelled = true;
        break;
      }
      if (!batches.hasNext()) {
        break;
      }
      LabeledBatch batch = batches.next();
      long stepStart = System.nanoTime();
      BatchOutcome outcome = trainStep(batch);
      cumulativeSteps++;
      tally.add(outcome);
      onStep.onStep(
          new Step(
              cumulativeSteps,
              batch.size(),
              outcome.loss(),
              Duration.ofNanos(System.nanoTime() - stepStart)));
    }
    return new EpochResult(
        epoch,
        tally.meanLoss(),
        tally.accuracy(),
        learningRate,
        tally.examples,
        Duration.ofNanos(System.nanoTime() - start),
        cumulativeSteps,
        cancelled);
  }

  /** The frozen model in eval mode (BatchNorm uses its running statistics); no update. */
  public EvaluationResult evaluate(Iterator<LabeledBatch> batches) {
    Tally tally = new Tally();
    while (batches.hasNext()) {
      LabeledBatch batch = batches.next();
      try (NDManager step = trainer.getManager().newSubManager()) {
        NDList labels = labels(step, batch);
        NDList predictions = trainer.evaluate(images(step, batch));
        NDArray loss = trainer.getLoss().evaluate(labels, predictions);
        tally.add(new BatchOutcome(batch.size(), loss.getFloat(), correct(predictions, batch)));
      }
    }
    return new EvaluationResult(tally.accuracy(), tally.meanLoss(), tally.examples);
  }

  /** The state after {@code epoch} completed epochs; see {@link Checkpoint} for the layout. */
  public Checkpoint checkpoint(int epoch) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(Checkpoint.MAGIC);
      out.writeInt(Checkpoint.FORMAT_VERSION);
      out.writeInt(epoch);
      out.writeLong(cumulativeSteps);
      model.getBlock().saveParameters(out);
      optimizer.save(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Checkpoint.fromBytes(bytes.toByteArray());
  }

  /** Weights and biases of convolutions and dense layers (the paper's count; no BatchNorm). */
  public long parameterCount() {
    return PaperModels.parameterCount(model.getBlock());
  }

  /** DJL's engine name: "MXNet" or "PyTorch". */
  public String engineName() {
    return placement.engineName();
  }

  /** "cpu" or "gpu0". */
  public String deviceName() {
    return placement.deviceName();
  }

  public long cumulativeSteps() {
    return cumulativeSteps;
  }

  @Override
  public void close() {
    try (model) {
      trainer.close();
    }
  }

  private BatchOutcome trainStep(LabeledBatch batch) {
    // Everything a step allocates (inputs, activations, loss) dies with this sub-manager.
    try (NDManager step = trainer.getManager().newSubManager()) {
      NDList labels = labels(step, batch);
      BatchOutcome outcome;
      try (GradientCollector collector = trainer.newGradientCollector()) {
        NDList predictions = trainer.forward(images(step, batch));
        NDArray loss = trainer.getLoss().evaluate(labels, predictions);
        collector.backward(loss);
        outcome = new BatchOutcome(batch.size(), loss.getFloat(), correct(predictions, batch));
      }
      trainer.step();
      return outcome;
    }
  }

  private static NDList images(NDManager manager, LabeledBatch batch) {
    return new NDList(manager.create(batch.pixels(), batchShape(batch.size())));
  }

  private static Shape batchShape(long size) {
    return new Shape(size, PaperModels.CHANNELS, PaperModels.SIDE, PaperModels.SIDE);
  }

  private static NDList labels(NDManager manager, LabeledBatch batch) {
    return new NDList(manager.create(batch.labels()).toType(DataType.FLOAT32, false));
  }

  private static int correct(NDList predictions, LabeledBatch batch) {
    int[] predicted = predictions.head().argMax(1).toType(DataType.INT32, false).toIntArray();
    int correct = 0;
    for (int i = 0; i < batch.size(); i++) {
      if (predicted[i] == batch.labels()[i]) {
        correct++;
      }
    }
    return correct;
  }

  private static DataInputStream openPayload(Checkpoint checkpoint) {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(checkpoint.toBytes()));
    try {
      in.skipNBytes(Integer.BYTES * 3 + Long.BYTES); // magic, version, epoch, steps
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return in;
  }

  private record BatchOutcome(int examples, double loss, int correct) {}

  /** Example-weighted running loss and accuracy. */
  private static final class Tally {
    private long examples;
    private long correct;
    private double lossSum;

    void add(BatchOutcome outcome) {
      examples += outcome.examples();
      correct += outcome.correct();
      lossSum += outcome.loss() * outcome.examples();
    }

    double meanLoss() {
      return examples == 0 ? Double.NaN : lossSum / examples;
    }

    double accuracy() {
      return examples == 0 ? Double.NaN : (double) correct / examples;
    }
  }
}
