package dev.gengap.trainer.queue;

import dev.gengap.plumbing.NotFoundException;

/** No run (or sweep) has the requested id. */
public final class RunNotFoundException extends NotFoundException {
  RunNotFoundException(String what, long id) {
    super(what + " " + id + " does not exist");
  }
}
