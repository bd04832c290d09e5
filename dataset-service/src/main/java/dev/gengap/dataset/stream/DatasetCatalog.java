package dev.gengap.dataset.stream;

import dev.gengap.dataset.corruption.DataSpec;
import dev.gengap.dataset.corruption.Draws;
import dev.gengap.dataset.corruption.Purpose;
import dev.gengap.dataset.corruption.SplitData;
import dev.gengap.dataset.corruption.Variant;
import dev.gengap.dataset.corruption.VariantCache;
import dev.gengap.plumbing.InvalidArgumentException;

/** The dataset service's domain: describes variants, opens epochs, serves chosen examples. */
public final class DatasetCatalog {
  public static final String DATASET = "cifar10";

  private final VariantCache variants;

  public DatasetCatalog(VariantCache variants) {
    this.variants = variants;
  }

  public DatasetDescription describe(DataSpec spec) {
    Variant variant = variants.get(spec);
    return new DatasetDescription(
        DATASET,
        variant.train().size(),
        variant.test().size(),
        variants.data().classNames(),
        variants.data().trainChannelStats(),
        variant.train().contentHash(),
        variant.test().contentHash());
  }

  public EpochCursor openEpoch(EpochRequest request) {
    SplitData split = split(request.data(), request.split());
    int[] order = new int[split.size()];
    switch (request.order()) {
      case INDEX -> {
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
      }
      case SHUFFLED ->
          Draws.permutation(
              Draws.generator(request.data().seed(), Purpose.EPOCH_ORDER, request.epoch()), order);
    }
    BatchAssembler assembler =
        new BatchAssembler(
            split, request.encoding(), request.cropping(), request.data().seed(), request.epoch());
    return new EpochCursor(order, request.batchSize(), request.maxBatches(), assembler);
  }

  public ExampleBatch examples(ExamplesRequest request) {
    SplitData split = split(request.data(), request.split());
    int[] indices = request.indices();
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] < 0 || indices[i] >= split.size()) {
        throw new InvalidArgumentException(
            "indices[" + i + "]",
            "must be < the split's size "
                + split.size()
                + ", was "
                + Integer.toUnsignedString(indices[i]));
      }
    }
    return new BatchAssembler(
            split, request.encoding(), request.cropping(), request.data().seed(), request.epoch())
        .assemble(0, indices.clone());
  }

  private SplitData split(DataSpec spec, Split split) {
    Variant variant = variants.get(spec);
    return switch (split) {
      case TRAIN -> variant.train();
      case TEST -> variant.test();
    };
  }
}
