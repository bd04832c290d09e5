package dev.gengap.learning.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.gengap.proto.v1.WeightDecayScope;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * SGD with momentum whose velocity buffers can be saved and restored, so a resumed run continues
 * exactly (DJL's own {@code Sgd} keeps them private and its checkpoints drop them).
 *
 * <p>The update is TensorFlow's {@code MomentumOptimizer}, which the paper used, with weight decay
 * as an L2 term of the loss: {@code v ← μ·v + g + λ·w; w ← w − lr·v}. The learning rate lives
 * outside the velocity, so a per-epoch decay does not rescale past steps (MXNet's fused {@code
 * sgd_mom_update} folds lr into v). With {@code WEIGHT_DECAY_SCOPE_WEIGHTS} the λ·w term is added
 * for convolution and dense kernels only, not for biases or BatchNorm's γ/β, as TensorFlow's
 * CIFAR-10 code collects its L2 losses.
 *
 * <p>Buffers are keyed by the parameter's path in the block (stable across model instances), not by
 * DJL's parameter id, which is a fresh UUID per instance.
 */
final class MomentumSgd extends Optimizer {

  private final float momentum;
  private final float weightDecay;
  private final WeightDecayScope weightDecayScope;
  private final NDManager stateManager;
  private final Map<String, String> pathById = new HashMap<>();
  private final Set<String> decayedIds = new HashSet<>();
  private final Map<String, NDArray> velocityByPath = new TreeMap<>();
  private float learningRate;

  MomentumSgd(
      double momentum,
      double weightDecay,
      WeightDecayScope weightDecayScope,
      NDManager stateManager) {
    super(new Builder());
    this.momentum = (float) momentum;
    this.weightDecay = (float) weightDecay;
    this.weightDecayScope = weightDecayScope;
    this.stateManager = stateManager;
  }

  /** Learns each parameter's path and whether it is decayed; call once the block is initialized. */
  void bind(PairList<String, Parameter> parameters) {
    for (Pair<String, Parameter> named : parameters) {
      Parameter parameter = named.getValue();
      pathById.put(parameter.getId(), named.getKey());
      if (decays(parameter.getType())) {
        decayedIds.add(parameter.getId());
      }
    }
  }

  private boolean decays(Parameter.Type type) {
    return switch (weightDecayScope) {
      case WEIGHT_DECAY_SCOPE_WEIGHTS -> type == Parameter.Type.WEIGHT;
      case WEIGHT_DECAY_SCOPE_ALL_PARAMETERS -> true;
      case WEIGHT_DECAY_SCOPE_UNSPECIFIED, UNRECOGNIZED ->
          throw new IllegalArgumentException(
              "recipe.weight_decay_scope: must be resolved, was " + weightDecayScope);
    };
  }

  void setLearningRate(double learningRate) {
    this.learningRate = (float) learningRate;
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    String path = pathById.get(parameterId);
    if (path == null) {
      throw new IllegalStateException("parameter " + parameterId + " was not bound");
    }
    NDArray velocity = velocityByPath.computeIfAbsent(path, p -> zerosIn(weight));
    velocity.muli(momentum).addi(grad);
    if (weightDecay > 0 && decayedIds.contains(parameterId)) {
      try (NDArray decay = weight.mul(weightDecay)) {
        velocity.addi(decay);
      }
    }
    // Plain SGD with the velocity as its gradient: w ← w − lr·v. Going through the engine's
    // update keeps the in-place write outside autograd and, on PyTorch, zeroes the gradient.
    weight
        .getNDArrayInternal()
        .sgdUpdate(
            new NDList(weight, velocity), new NDList(weight), learningRate, 0f, 1f, -1f, 0f, false);
  }

  void save(DataOutputStream out) throws IOException {
    out.writeInt(velocityByPath.size());
    for (Map.Entry<String, NDArray> entry : velocityByPath.entrySet()) {
      byte[] encoded = entry.getValue().encode();
      out.writeUTF(entry.getKey());
      out.writeInt(encoded.length);
      out.write(encoded);
    }
  }

  void load(DataInputStream in) throws IOException {
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      String path = in.readUTF();
      byte[] encoded = new byte[in.readInt()];
      in.readFully(encoded);
      if (!pathById.containsValue(path)) {
        throw new IOException("checkpoint: momentum for unknown parameter " + path);
      }
      NDArray velocity = HostArrays.decoding(stateManager).decode(encoded);
      NDArray previous = velocityByPath.put(path, velocity);
      if (previous != null) {
        previous.close();
      }
    }
  }

  private NDArray zerosIn(NDArray like) {
    return stateManager.zeros(like.getShape(), like.getDataType());
  }

  private static final class Builder extends OptimizerBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }
  }
}
