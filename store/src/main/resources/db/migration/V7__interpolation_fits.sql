-- The interpolating run kinds (Sections 4 and 5 of the paper: Gaussian-kernel interpolation, the
-- linear least-squares model trained by SGD from zero, Theorem 1's two-layer ReLU network) record
-- what a fit measured, one row per run, and the linear model's distance to the minimum-norm
-- interpolant after every epoch. Their loss and training accuracy per epoch go to epoch_metrics
-- like every run's. Columns that do not apply to a kind are NULL.

CREATE TABLE interpolation_fits (
    run_id                      bigint           PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    examples                    integer          NOT NULL,  -- n
    dimension                   integer          NOT NULL,  -- d, raw pixels
    solver                      text             NOT NULL,  -- cholesky, lu, sgd, forward_substitution
    fit_seconds                 double precision NOT NULL,
    train_accuracy              double precision NOT NULL,  -- measured on the fitted model
    rkhs_norm                   double precision,           -- kernel: sqrt(tr(αᵀKα))
    condition_estimate          double precision,           -- kernel: λmax / λmin of K + λI
    weight_count                bigint,                     -- Theorem 1: must be 2n + d
    largest_weight              double precision,           -- Theorem 1: max |weight|
    minimum_norm                double precision,           -- linear: ‖W_min‖_F
    minimum_norm_train_accuracy double precision,           -- linear: W_min, by the evaluator
    minimum_norm_test_accuracy  double precision,
    recorded_at                 timestamptz      NOT NULL
);

CREATE TABLE linear_sgd_epochs (
    run_id            bigint           NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    epoch             integer          NOT NULL,
    weight_norm       double precision NOT NULL,  -- ‖W_SGD‖_F after the epoch
    relative_distance double precision NOT NULL,  -- ‖W_SGD − W_min‖_F / ‖W_min‖_F
    PRIMARY KEY (run_id, epoch)
);

-- Science tables: readable by the read-only role where it exists (V4).
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'gengap_reader') THEN
    GRANT SELECT ON interpolation_fits, linear_sgd_epochs TO gengap_reader;
  END IF;
END $$;
