package dev.gengap.learning.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's training split kept as arrays on the run's device, so epochs after the first need no
 * stream, no decoding and no host → device copy of pixels.
 *
 * <p>It is filled by one streamed epoch: {@link TrainingSession#trainEpoch(int, java.util.Iterator,
 * java.util.function.BooleanSupplier, StepListener, DeviceSplit)} creates each batch's arrays here
 * instead of in the step's scope. If that epoch served every example of the split exactly once and
 * the arrays fit {@code budgetBytes}, {@link #seal()} joins them and later epochs draw their
 * batches from it in any order ({@link TrainingSession#trainEpoch(int, DeviceSplit, int[], int,
 * int, java.util.function.BooleanSupplier, StepListener)}). Otherwise it holds nothing and the
 * caller keeps streaming.
 */
public final class DeviceSplit implements AutoCloseable {

  private final NDManager manager;
  private final long budgetBytes;
  private final List<NDArray> imageBatches = new ArrayList<>();
  private final List<NDArray> labelBatches = new ArrayList<>();
  private final List<int[]> indexBatches = new ArrayList<>();
  private long bytes;
  private boolean refused;
  private NDArray images;
  private NDArray labels;
  private int[] rowOfIndex;

  DeviceSplit(NDManager manager, long budgetBytes) {
    this.manager = manager;
    this.budgetBytes = budgetBytes;
  }

  /**
   * Keeps a copy of one streamed batch on the device (a copy of its own, so the step's activations,
   * which DJL attaches to the inputs' manager, die with the step). Stops keeping, and drops what it
   * kept, at the first batch over the budget or without split indices.
   */
  void record(LabeledBatch batch) {
    long batchBytes =
        (long) batch.pixels().length * Float.BYTES + (long) batch.size() * Float.BYTES;
    if (refused || images != null || batch.indices().length == 0) {
      refuse();
      return;
    }
    if (bytes + batchBytes > budgetBytes) {
      refuse();
      return;
    }
    bytes += batchBytes;
    NDArray batchImages =
        HostArrays.floats(manager, batch.pixels(), Inputs.shape(batch.size(), batch.channels()));
    NDArray batchLabels = Inputs.labels(manager, batch.labels());
    imageBatches.add(batchImages);
    labelBatches.add(batchLabels);
    indexBatches.add(batch.indices());
  }

  /**
   * Ends recording. True when the recorded epoch held every example 0..n−1 of the split exactly
   * once and fit the budget: from now on the split is on the device.
   */
  public boolean seal() {
    if (images != null) {
      return true;
    }
    int count = indexBatches.stream().mapToInt(i -> i.length).sum();
    int[] rows = new int[count];
    java.util.Arrays.fill(rows, -1);
    int row = 0;
    boolean complete = !refused && count > 0;
    for (int[] batch : indexBatches) {
      for (int index : batch) {
        if (index < 0 || index >= count || rows[index] != -1) {
          complete = false;
          break;
        }
        rows[index] = row++;
      }
    }
    if (!complete) {
      refuse();
      return false;
    }
    images = NDArrays.concat(new NDList(imageBatches));
    labels = NDArrays.concat(new NDList(labelBatches));
    closeBatches();
    rowOfIndex = rows;
    return true;
  }

  /** Examples held (after {@link #seal()}), else 0. */
  public int size() {
    return rowOfIndex == null ? 0 : rowOfIndex.length;
  }

  /** Bytes of pixels and labels recorded so far. */
  public long bytes() {
    return bytes;
  }

  /** The device rows of an epoch's order, one array per epoch, in {@code scope}. */
  NDArray rowsInOrder(NDManager scope, int[] order) {
    int[] rows = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      rows[i] = rowOfIndex[order[i]];
    }
    return HostArrays.ints(scope, rows);
  }

  /** The examples at {@code rows} (a slice of {@link #rowsInOrder}), gathered into {@code step}. */
  Inputs gather(NDArray rows, NDManager step) {
    NDArray batchImages = images.get(rows);
    batchImages.attach(step);
    NDArray batchLabels = labels.get(rows);
    batchLabels.attach(step);
    return new Inputs(batchImages, batchLabels, Math.toIntExact(rows.size()));
  }

  @Override
  public void close() {
    manager.close();
  }

  private void refuse() {
    refused = true;
    closeBatches();
  }

  private void closeBatches() {
    imageBatches.forEach(NDArray::close);
    labelBatches.forEach(NDArray::close);
    imageBatches.clear();
    labelBatches.clear();
    indexBatches.clear();
  }

  /** One step's inputs on the device: images (N, C, 28, 28) and float labels (N). */
  record Inputs(NDArray images, NDArray labels, int size) {

    static ai.djl.ndarray.types.Shape shape(long size, long channels) {
      return new ai.djl.ndarray.types.Shape(
          size,
          channels,
          dev.gengap.learning.model.PaperModels.SIDE,
          dev.gengap.learning.model.PaperModels.SIDE);
    }

    static NDArray labels(NDManager manager, int[] labels) {
      try (NDArray ints = HostArrays.ints(manager, labels)) {
        return ints.toType(DataType.FLOAT32, false);
      }
    }

    static Inputs of(NDManager manager, LabeledBatch batch) {
      return new Inputs(
          HostArrays.floats(manager, batch.pixels(), shape(batch.size(), batch.channels())),
          labels(manager, batch.labels()),
          batch.size());
    }
  }
}
