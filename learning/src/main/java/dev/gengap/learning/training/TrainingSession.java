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
import java.util.stream.IntStream;

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
      Block block = PaperModels.build(recipe.model(), recipe.normalization(), recipe.dropout());
      Initializations.apply(block, recipe.initialization());
      model.setBlock(block);
      Optional<DataInputStream> state = checkpoint.map(TrainingSession::openPayload);
      if (state.isPresent()) {
        // Loaded parameters count as initialized, so trainer.initialize keeps them.
        block.loadParameters(HostArrays.decoding(model.getNDManager()), state.get());
      }
      MomentumSgd optimizer =
          new MomentumSgd(
              recipe.momentum(),
              recipe.weightDecay(),
              recipe.weightDecayScope(),
              model.getNDManager());
      Trainer trainer =
          model.newTrainer(
              new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                  .optOptimizer(optimizer)
                  .optDevices(new ai.djl.Device[] {placement.device()}));
      trainer.initialize(DeviceSplit.Inputs.shape(1, recipe.inputChannels()));
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
   * Trains one epoch (1-based) at lr0 · lr_decay^(epoch − 1) on host batches. Checks {@code
   * cancelRequested} before every batch and stops there when it says so.
   */
  public EpochResult trainEpoch(
      int epoch,
      Iterator<LabeledBatch> batches,
      BooleanSupplier cancelRequested,
      StepListener onStep) {
    return trainEpoch(epoch, batches, cancelRequested, onStep, null);
  }

  /**
   * As {@link #trainEpoch(int, Iterator, BooleanSupplier, StepListener)}, and keeps every batch in
   * {@code keep} (when not null) as it trains, so that later epochs can run from the device.
   */
  public EpochResult trainEpoch(
      int epoch,
      Iterator<LabeledBatch> batches,
      BooleanSupplier cancelRequested,
      StepListener onStep,
      DeviceSplit keep) {
    return runEpoch(epoch, streamed(batches, keep), cancelRequested, onStep);
  }

  /**
   * Trains one epoch from a sealed {@link DeviceSplit}: examples in {@code order} (split indices,
   * as the dataset-service would serve them), {@code batchSize} at a time, at most {@code
   * maxBatches} batches (0 = all). Bit-identical to streaming the same order on CPU.
   */
  public EpochResult trainEpoch(
      int epoch,
      DeviceSplit split,
      int[] order,
      int batchSize,
      int maxBatches,
      BooleanSupplier cancelRequested,
      StepListener onStep) {
    if (split.size() != order.length) {
      throw new IllegalArgumentException(
          "order: has " + order.length + " examples, the split holds " + split.size());
    }
    try (NDManager epochScope = trainer.getManager().newSubManager()) {
      return runEpoch(
          epoch,
          fromDevice(split, order, batchSize, maxBatches, epochScope),
          cancelRequested,
          onStep);
    }
  }

  /**
   * A holder for one streamed epoch's batches on this session's device; see {@link DeviceSplit}.
   */
  public DeviceSplit newDeviceSplit(long budgetBytes) {
    return new DeviceSplit(trainer.getManager().newSubManager(), budgetBytes);
  }

  /**
   * A holder for one streamed pass whose arrays outlive this session: on this session's engine and
   * device, for later sessions on the same ones (the evaluator's splits). The caller closes it.
   */
  public DeviceSplit newLastingDeviceSplit(long budgetBytes) {
    return new DeviceSplit(
        Engine.getEngine(placement.engineName()).newBaseManager(placement.device()), budgetBytes);
  }

  /** The frozen model in eval mode (BatchNorm uses its running statistics); no update. */
  public EvaluationResult evaluate(Iterator<LabeledBatch> batches) {
    return evaluate(batches, null);
  }

  /** As {@link #evaluate(Iterator)}, and keeps every batch in {@code keep} when not null. */
  public EvaluationResult evaluate(Iterator<LabeledBatch> batches, DeviceSplit keep) {
    return evaluate(streamed(batches, keep));
  }

  /**
   * As {@link #evaluate(Iterator)} on a sealed split, in index order, {@code batchSize} at a time:
   * the batches a stream in index order serves, so the result is bit-identical on CPU.
   */
  public EvaluationResult evaluate(DeviceSplit split, int batchSize) {
    int[] inIndexOrder = IntStream.range(0, split.size()).toArray();
    try (NDManager scope = trainer.getManager().newSubManager()) {
      return evaluate(fromDevice(split, inIndexOrder, batchSize, 0, scope));
    }
  }

  private EvaluationResult evaluate(InputSource inputs) {
    try (NDManager scope = trainer.getManager().newSubManager()) {
      Tally tally = new Tally(scope);
      while (inputs.hasNext()) {
        try (NDManager step = trainer.getManager().newSubManager()) {
          DeviceSplit.Inputs batch = inputs.next(step);
          NDList predictions = trainer.evaluate(new NDList(batch.images()));
          NDArray loss = trainer.getLoss().evaluate(new NDList(batch.labels()), predictions);
          tally.add(loss, predictions, batch);
        }
      }
      return new EvaluationResult(tally.accuracy(), tally.meanLoss(), tally.examples);
    }
  }

  /** Host batches, each copied to the device (and kept in {@code keep} when not null). */
  private static InputSource streamed(Iterator<LabeledBatch> batches, DeviceSplit keep) {
    return new InputSource() {
      @Override
      public boolean hasNext() {
        return batches.hasNext();
      }

      @Override
      public DeviceSplit.Inputs next(NDManager step) {
        LabeledBatch batch = batches.next();
        if (keep != null) {
          keep.record(batch);
        }
        return DeviceSplit.Inputs.of(step, batch);
      }
    };
  }

  /**
   * The examples of {@code split} in {@code order}, {@code batchSize} at a time, at most {@code
   * maxBatches} batches (0 = all); the order's device rows live in {@code scope}.
   */
  private static InputSource fromDevice(
      DeviceSplit split, int[] order, int batchSize, int maxBatches, NDManager scope) {
    int full = (order.length + batchSize - 1) / batchSize;
    int batches = maxBatches == 0 ? full : Math.min(full, maxBatches);
    NDArray rows = split.rowsInOrder(scope, order);
    return new InputSource() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < batches;
      }

      @Override
      public DeviceSplit.Inputs next(NDManager step) {
        long from = (long) next++ * batchSize;
        long to = Math.min(order.length, from + batchSize);
        NDArray slice = rows.get(from + ":" + to);
        slice.attach(step);
        return split.gather(slice, step);
      }
    };
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

  /** Whether {@code engine} ("mxnet", "PyTorch", any case) sees a GPU in this process. */
  public static boolean seesGpu(String engine) {
    return Engine.getEngine(Placement.djlEngineName(engine)).getGpuCount() > 0;
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

  /**
   * The training loop. Loss and accuracy accumulate on the device and are read once, at the end: no
   * step waits for the device to hand a number back.
   */
  private EpochResult runEpoch(
      int epoch, InputSource inputs, BooleanSupplier cancelRequested, StepListener onStep) {
    double learningRate = recipe.learningRate(epoch);
    optimizer.setLearningRate(learningRate);
    long start = System.nanoTime();
    boolean cancelled = false;
    try (NDManager epochScope = trainer.getManager().newSubManager()) {
      Tally tally = new Tally(epochScope);
      while (true) {
        if (cancelRequested.getAsBoolean()) {
          cancelled = true;
          break;
        }
        if (!inputs.hasNext()) {
          break;
        }
        long stepStart = System.nanoTime();
        // Everything a step allocates (inputs, activations, loss) dies with this sub-manager.
        try (NDManager step = trainer.getManager().newSubManager()) {
          DeviceSplit.Inputs batch = inputs.next(step);
          NDList predictions;
          NDArray loss;
          try (GradientCollector collector = trainer.newGradientCollector()) {
            predictions = trainer.forward(new NDList(batch.images()));
            loss = trainer.getLoss().evaluate(new NDList(batch.labels()), predictions);
            collector.backward(loss);
          }
          trainer.step();
          tally.add(loss, predictions, batch);
          cumulativeSteps++;
          onStep.onStep(
              new Step(
                  cumulativeSteps,
                  batch.size(),
                  Duration.ofNanos(System.nanoTime() - stepStart),
                  loss::getFloat));
        }
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

  /** Where an epoch's step inputs come from: host batches or a split on the device. */
  private interface InputSource {
    boolean hasNext();

    DeviceSplit.Inputs next(NDManager step);
  }

  /**
   * Example-weighted running loss and accuracy, summed on the device in float64 (the same sums, in
   * the same order, as adding each batch's loss × size on the host).
   */
  private static final class Tally {
    private final NDArray lossSum;
    private final NDArray correctSum;
    private long examples;

    Tally(NDManager scope) {
      lossSum = scope.zeros(new Shape(), DataType.FLOAT64);
      correctSum = scope.zeros(new Shape(), DataType.FLOAT64);
    }

    void add(NDArray loss, NDList predictions, DeviceSplit.Inputs batch) {
      examples += batch.size();
      lossSum.addi(loss.stopGradient().toType(DataType.FLOAT64, false).mul(batch.size()));
      NDArray predicted = predictions.head().argMax(1).toType(DataType.FLOAT32, false);
      correctSum.addi(predicted.eq(batch.labels()).toType(DataType.FLOAT64, false).sum());
    }

    double meanLoss() {
      return examples == 0 ? Double.NaN : lossSum.getDouble() / examples;
    }

    double accuracy() {
      return examples == 0 ? Double.NaN : correctSum.getDouble() / examples;
    }
  }
}
