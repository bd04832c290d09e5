package dev.gengap.trainer.queue;

/** No run (or sweep) has the requested id. */
public final class RunNotFoundException extends RuntimeException {
  RunNotFoundException(String what, long id) {
    super(what + " " + id + " does not exist");
  }
}
