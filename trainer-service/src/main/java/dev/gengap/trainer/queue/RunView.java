package dev.gengap.trainer.queue;

import dev.gengap.store.EpochRow;
import dev.gengap.store.RunRow;
import java.util.Optional;

/** A run as clients see it: its row and its newest epoch, if any. */
public record RunView(RunRow run, Optional<EpochRow> latest) {}
