package dev.gengap.learning.training;

/** Told after every SGD step, on the training thread (keep it cheap: a timer, a counter). */
@FunctionalInterface
public interface StepListener {

  StepListener NONE = step -> {};

  void onStep(Step step);
}
