package dev.gengap.dataset.stream;

import dev.gengap.dataset.corruption.DataSpec;
import dev.gengap.dataset.corruption.Draws;
import dev.gengap.dataset.corruption.Purpose;
import dev.gengap.dataset.corruption.SplitData;
import dev.gengap.dataset.corruption.Variant;
import dev.gengap.dataset.corruption.VariantCache;
import dev.gengap.plumbing.FailedPreconditionException;
import dev.gengap.plumbing.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The dataset service's domain: describes variants, opens epochs, serves chosen examples, of each
 * data set it holds.
 */
public final class DatasetCatalog {
  private final Map<String, VariantCache> datasets;
  private final Function<String, String> howToServe;

  /**
   * @param loaded one cache per data set served, each over its own data
   * @param howToServe for a known data set that is not loaded, what the operator does to serve it
   *     (e.g. "start the dataset-service with --mnist-dir DIR")
   */
  public DatasetCatalog(List<VariantCache> loaded, Function<String, String> howToServe) {
    this.datasets =
        loaded.stream()
            .collect(Collectors.toUnmodifiableMap(c -> c.data().name(), Function.identity()));
    this.howToServe = howToServe;
  }

  /** Whether {@code dataset} is loaded and served. */
  public boolean serves(String dataset) {
    return datasets.containsKey(dataset);
  }

  public DatasetDescription describe(DataSpec spec) {
    VariantCache cache = cache(spec);
    Variant variant = cache.get(spec);
    return new DatasetDescription(
        spec.dataset(),
        cache.data().shape(),
        variant.train().size(),
        variant.test().size(),
        cache.data().classNames(),
        cache.data().trainChannelStats(),
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

  private VariantCache cache(DataSpec spec) {
    VariantCache cache = datasets.get(spec.dataset());
    if (cache == null) {
      throw new FailedPreconditionException(
          "data.dataset: "
              + spec.dataset()
              + " is not served by this dataset-service; "
              + howToServe.apply(spec.dataset()));
    }
    return cache;
  }

  private SplitData split(DataSpec spec, Split split) {
    Variant variant = cache(spec).get(spec);
    return switch (split) {
      case TRAIN -> variant.train();
      case TEST -> variant.test();
    };
  }
}
