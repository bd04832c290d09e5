package dev.gengap.dataset.corruption;

import dev.gengap.dataset.source.ImageSet;
import io.micrometer.core.instrument.Timer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Materializes each variant once per canonical spec and keeps the most recently used few.
 * Concurrent requests for a variant being built wait for that one build.
 */
public final class VariantCache {
  private static final Logger log = LoggerFactory.getLogger(VariantCache.class);

  private final ImageSet data;
  private final Timer buildTimer;
  private final Map<DataSpec, CompletableFuture<Variant>> variants;

  /** Keeps at most {@code capacity} variants (each up to ~185 MB for pixel corruptions). */
  public VariantCache(ImageSet data, int capacity, Timer buildTimer) {
    this.data = data;
    this.buildTimer = buildTimer;
    this.variants =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<DataSpec, CompletableFuture<Variant>> e) {
            return size() > capacity;
          }
        };
  }

  public ImageSet data() {
    return data;
  }

  /** The variant for {@code spec}, built now if it is not cached. */
  public Variant get(DataSpec spec) {
    DataSpec key = spec.canonical();
    Corruptions.trainSize(data, key); // reject a bad subset before caching anything
    CompletableFuture<Variant> future;
    boolean mine = false;
    synchronized (variants) {
      future = variants.get(key);
      if (future == null) {
        future = new CompletableFuture<>();
        variants.put(key, future);
        mine = true;
      }
    }
    if (mine) {
      build(key, future);
    }
    try {
      return future.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private void build(DataSpec key, CompletableFuture<Variant> future) {
    try {
      long start = System.nanoTime();
      Variant variant = buildTimer.recordCallable(() -> Corruptions.materialize(data, key));
      log.info(
          "event=variant_built spec={} millis={}", key, (System.nanoTime() - start) / 1_000_000);
      future.complete(variant);
    } catch (Exception e) {
      synchronized (variants) {
        variants.remove(key, future);
      }
      future.completeExceptionally(e);
    }
  }
}
