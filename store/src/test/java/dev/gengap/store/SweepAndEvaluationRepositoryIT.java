package dev.gengap.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedPostgresExtension.class)
class SweepAndEvaluationRepositoryIT {
  private final SettableClock clock = new SettableClock();
  private final RunRepository runs;
  private final SweepRepository sweeps;
  private final EvaluationRepository evaluations;

  SweepAndEvaluationRepositoryIT(DataSource dataSource) {
    runs = new RunRepository(dataSource, clock);
    sweeps = new SweepRepository(dataSource, clock);
    evaluations = new EvaluationRepository(dataSource);
  }

  @Test
  void sweepQueuesItsRunsInRequestOrderOnce() {
    SweepCreation created =
        sweeps.create("s-1", "figure 1b", List.of(TestSpecs.mlp(1), TestSpecs.mlp(2)));
    SweepCreation retry = sweeps.create("s-1", "figure 1b", List.of(TestSpecs.mlp(3)));

    assertThat(created.created()).isTrue();
    assertThat(retry.created()).isFalse();
    assertThat(retry.sweep()).isEqualTo(created.sweep());
    List<Long> runIds = created.sweep().runIds();
    assertThat(runIds).hasSize(2);
    assertThat(runs.listBySweep(created.sweep().id()))
        .extracting(r -> r.spec().getData().getSeed())
        .containsExactly(1L, 2L);
    assertThat(runs.find(runIds.get(0)).orElseThrow().sweepId()).hasValue(created.sweep().id());
    assertThat(runs.find(runIds.get(0)).orElseThrow().requestId()).isEmpty();
  }

  @Test
  void sweepsPageNewestFirst() {
    for (int i = 0; i < 3; i++) {
      sweeps.create("s" + i, "sweep " + i, List.of(TestSpecs.mlp(i)));
    }

    List<SweepRow> page1 = sweeps.list(OptionalLong.empty(), 2);
    List<SweepRow> page2 = sweeps.list(OptionalLong.of(page1.get(1).id()), 2);

    assertThat(page1).extracting(SweepRow::name).containsExactly("sweep 2", "sweep 1");
    assertThat(page2).extracting(SweepRow::name).containsExactly("sweep 0");
  }

  @Test
  void evaluationRoundTripsAndIsReplaced() {
    long id = runs.submit("a", TestSpecs.mlp(1)).run().id();
    Evaluation first =
        new Evaluation(id, 150, 1.0, 0.001, 0.51, 3.2, 50_000, 10_000, clock.instant(), 12.5);
    evaluations.save(first);
    clock.advance(Duration.ofHours(1));
    Evaluation second =
        new Evaluation(id, 150, 0.99, 0.01, 0.5, 3.0, 50_000, 10_000, clock.instant(), 11.0);
    evaluations.save(second);

    assertThat(evaluations.find(id)).contains(second);
    assertThat(evaluations.findAll(List.of(id, 404L))).containsExactly(second);
    assertThat(second.accuracyGap()).isCloseTo(0.49, org.assertj.core.data.Offset.offset(1e-12));
  }
}
