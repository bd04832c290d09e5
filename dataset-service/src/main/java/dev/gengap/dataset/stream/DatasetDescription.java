package dev.gengap.dataset.stream;

import dev.gengap.dataset.cifar.ChannelStats;
import java.util.List;

/** What GetDatasetInfo reports about one variant. */
public record DatasetDescription(
    String dataset,
    int trainSize,
    int testSize,
    List<String> classNames,
    List<ChannelStats> trainChannelStats,
    String trainContentHash,
    String testContentHash) {}
