package dev.gengap.dataset.stream;

import dev.gengap.dataset.source.ChannelStats;
import dev.gengap.dataset.source.ImageShape;
import java.util.List;

/** What GetDatasetInfo reports about one variant. */
public record DatasetDescription(
    String dataset,
    ImageShape shape,
    int trainSize,
    int testSize,
    List<String> classNames,
    List<ChannelStats> trainChannelStats,
    String trainContentHash,
    String testContentHash) {}
