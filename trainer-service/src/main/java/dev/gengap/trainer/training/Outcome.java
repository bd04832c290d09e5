package dev.gengap.trainer.training;

/** How one attempt at a run left this worker. */
enum Outcome {
  /** Ended SUCCEEDED, FAILED or CANCELLED by this worker. */
  ENDED,
  /** Handed back to the queue (shutdown, or the dataset-service is unreachable). */
  RELEASED,
  /** The lease was lost, or the store became unreachable: nothing more was written. */
  ABANDONED
}
