-- The results-store columns the science board reads, as issue 6 states them. When the store
-- module's Flyway migrations exist, ScienceSqlIT should migrate with them instead (the real
-- schema), and this file goes.
CREATE TABLE runs (
  id bigint PRIMARY KEY,
  status text NOT NULL,
  model text NOT NULL,
  corruption text NOT NULL,
  corruption_probability double precision NOT NULL
);
CREATE TABLE epoch_metrics (
  run_id bigint NOT NULL REFERENCES runs (id),
  epoch integer NOT NULL,
  train_loss double precision NOT NULL,
  train_accuracy double precision NOT NULL,
  learning_rate double precision NOT NULL,
  samples_per_second double precision NOT NULL,
  wall_seconds double precision NOT NULL,
  steps bigint NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (run_id, epoch)
);
CREATE TABLE evaluations (
  run_id bigint PRIMARY KEY REFERENCES runs (id),
  train_accuracy double precision NOT NULL,
  test_accuracy double precision NOT NULL,
  accuracy_gap double precision NOT NULL,
  train_loss double precision NOT NULL,
  test_loss double precision NOT NULL,
  loss_gap double precision NOT NULL
);
INSERT INTO runs VALUES (1, 'SUCCEEDED', 'MLP_1X512', 'RANDOM_LABELS', 1.0),
                        (2, 'RUNNING', 'MLP_1X512', 'PARTIAL_LABELS', 0.5);
INSERT INTO epoch_metrics VALUES
  (1, 1, 2.30, 0.10, 0.01, 2500, 20, 391, now() - interval '2 minutes'),
  (1, 2, 2.25, 0.14, 0.0095, 2600, 19, 391, now() - interval '1 minute'),
  (2, 1, 1.90, 0.35, 0.01, 2550, 20, 391, now());
INSERT INTO evaluations VALUES (1, 0.98, 0.10, 0.88, 0.08, 4.1, 4.02);
