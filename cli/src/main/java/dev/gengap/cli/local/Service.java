package dev.gengap.cli.local;

/** The three gengap services the local stack launches, each from its runnable jar. */
public enum Service {
  DATASET("dataset-service", "dataset"),
  TRAINER("trainer-service", "trainer"),
  EVALUATOR("evaluator-service", "evaluator");

  private final String module;
  private final String shortName;

  Service(String module, String shortName) {
    this.module = module;
    this.shortName = shortName;
  }

  /** The Maven module, which is also the jar's name: {@code <module>/target/<module>.jar}. */
  public String module() {
    return module;
  }

  public String shortName() {
    return shortName;
  }

  /** Trainer and evaluator run DJL; they need its offline settings and a calm OpenMP. */
  boolean trainsOrEvaluates() {
    return switch (this) {
      case DATASET -> false;
      case TRAINER, EVALUATOR -> true;
    };
  }
}
