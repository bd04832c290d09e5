package dev.gengap.trainer.queue;

import java.util.List;
import java.util.Optional;

/** One page of a listing, newest first, and the token of the next page unless it is the last. */
public record Page<T>(List<T> items, Optional<String> nextPageToken) {
  public Page {
    items = List.copyOf(items);
  }
}
