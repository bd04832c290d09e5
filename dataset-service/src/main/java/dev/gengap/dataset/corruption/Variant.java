package dev.gengap.dataset.corruption;

/** A corrupted data set, materialized once per canonical spec. */
public record Variant(DataSpec spec, SplitData train, SplitData test) {}
