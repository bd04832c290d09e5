package dev.gengap.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gengap.proto.v1.DataSpec;
import dev.gengap.proto.v1.ModelSpec;
import dev.gengap.proto.v1.RunSpec;
import dev.gengap.proto.v1.TrainingRecipe;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random specs, valid or wildly not (NaN, infinities, negative and huge numbers, enum values no
 * release knows, missing parts): the validator resolves each to a spec that resolves to itself, or
 * refuses it naming a field of {@code RunSpec}; it never throws anything else.
 */
class RunSpecsPropertyTest {
  private static final String FIELD_PATH = "[a-z0-9_]+(\\.[a-z0-9_]+)*";

  @Property(tries = 2000)
  void specIsResolvedIdempotentlyOrRefusedNamingAField(@ForAll("specs") RunSpec spec) {
    Throwable error = catchThrowable(() -> RunSpecs.resolve(spec));

    if (error == null) {
      RunSpec resolved = RunSpecs.resolve(spec);
      assertThat(RunSpecs.resolve(resolved)).isEqualTo(resolved);
      assertThat(RunSpecs.displayName(resolved)).isNotBlank();
    } else {
      assertThat(error).isInstanceOf(InvalidSpecException.class);
      assertThat(((InvalidSpecException) error).field()).matches(FIELD_PATH);
    }
  }

  @Provide
  Arbitrary<RunSpec> specs() {
    return Combinators.combine(data().injectNull(0.05), model().injectNull(0.05), recipe())
        .as(
            (data, model, recipe) -> {
              RunSpec.Builder spec = RunSpec.newBuilder().setRecipe(recipe);
              if (data != null) {
                spec.setData(data);
              }
              if (model != null) {
                spec.setModel(model);
              }
              return spec.build();
            });
  }

  private static Arbitrary<DataSpec> data() {
    return Combinators.combine(
            Arbitraries.longs(),
            enumNumber(),
            oddDoubles(),
            Arbitraries.of(true, false),
            Arbitraries.integers().between(-1, 60_000),
            Arbitraries.of("", "cifar10", "mnist", "fashion-mnist", "x".repeat(300)))
        .as(
            (seed, corruption, p, corruptTest, subset, dataset) ->
                DataSpec.newBuilder()
                    .setSeed(seed)
                    .setCorruptionValue(corruption)
                    .setCorruptionProbability(p)
                    .setCorruptTestLabels(corruptTest)
                    .setTrainSubset(subset)
                    .setDataset(dataset)
                    .build());
  }

  private static Arbitrary<ModelSpec> model() {
    return Combinators.combine(enumNumber(), enumNumber(), Arbitraries.of(0, 1, 2))
        .as(
            (kind, initialization, batchNorm) -> {
              ModelSpec.Builder model =
                  ModelSpec.newBuilder().setKindValue(kind).setInitializationValue(initialization);
              if (batchNorm > 0) {
                model.setBatchNorm(batchNorm == 1);
              }
              return model.build();
            });
  }

  private static Arbitrary<TrainingRecipe> recipe() {
    return Combinators.combine(
            oddDoubles(),
            oddDoubles(),
            oddDoubles(),
            oddDoubles(),
            Arbitraries.integers().between(-1, 5000),
            Arbitraries.integers().between(-1, 5000),
            Arbitraries.integers().between(-1, 300),
            oddDoubles())
        .as(
            (lr0, decay, momentum, weightDecay, batchSize, maxEpochs, checkpointEvery, stopAt) ->
                TrainingRecipe.newBuilder()
                    .setLr0(lr0)
                    .setLrDecay(decay)
                    .setMomentum(momentum)
                    .setWeightDecay(weightDecay)
                    .setBatchSize(batchSize)
                    .setMaxEpochs(maxEpochs)
                    .setCheckpointEvery(checkpointEvery)
                    .setStopAtTrainAccuracy(stopAt)
                    .build());
  }

  /** Enum numbers, mostly known ones, sometimes one from a future release. */
  private static Arbitrary<Integer> enumNumber() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(9, Arbitraries.integers().between(0, 7)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(-3, 1000)));
  }

  private static Arbitrary<Double> oddDoubles() {
    return Arbitraries.oneOf(
        Arbitraries.doubles().between(-2, 2),
        Arbitraries.of(
            0.0,
            -0.0,
            1.0,
            1e-12,
            1e300,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE));
  }
}
