-- The gengap results store. Applied by Flyway only; never edit an applied migration, add V<n+1>.
-- Every timestamp comes from the application's injected Clock (bound as a parameter), never now().

CREATE TABLE sweeps (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- the client's idempotency key of CreateSweep
    request_id  text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL
);

CREATE TABLE runs (
    id                          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- the client's idempotency key of SubmitRun; NULL for runs created by a sweep
    request_id                  text UNIQUE,
    sweep_id                    bigint REFERENCES sweeps (id),
    -- gengap.v1.RunSpec with every default filled in, as protobuf JSON
    spec                        jsonb            NOT NULL,
    display_name                text             NOT NULL,
    status                      text             NOT NULL
        CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    -- copies of spec fields that people filter on (ModelKind / CorruptionKind names without prefix)
    model                       text             NOT NULL,
    corruption                  text             NOT NULL,
    corruption_probability      double precision NOT NULL,
    -- what the trainer actually used ('' until a worker starts the run): MXNET | PYTORCH, cpu() | gpu(0)
    engine                      text             NOT NULL DEFAULT '',
    device                      text             NOT NULL DEFAULT '',
    -- the worker holding (or last holding) the lease; the lease is live while status = 'RUNNING'
    -- and lease_expires_at is in the future
    lease_owner                 text             NOT NULL DEFAULT '',
    lease_expires_at            timestamptz,
    -- times this run was claimed; > 1 means it resumed after a worker died or let go
    attempts                    integer          NOT NULL DEFAULT 0,
    cancel_requested            boolean          NOT NULL DEFAULT false,
    created_at                  timestamptz      NOT NULL,
    started_at                  timestamptz,
    finished_at                 timestamptz,
    error                       text             NOT NULL DEFAULT '',
    epochs_completed            integer          NOT NULL DEFAULT 0,
    checkpoint_epoch            integer          NOT NULL DEFAULT 0,
    parameter_count             bigint           NOT NULL DEFAULT 0,
    train_content_hash          text             NOT NULL DEFAULT '',
    -- Figure 1b "time to fit": 0 = threshold not reached
    steps_to_99_train_accuracy  bigint           NOT NULL DEFAULT 0,
    steps_to_train_loss_0_1     bigint           NOT NULL DEFAULT 0,
    CHECK ((status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')) = (finished_at IS NOT NULL))
);

-- The queue scan of claimNext: only live runs, oldest first.
CREATE INDEX runs_queue_idx ON runs (id) WHERE status IN ('QUEUED', 'RUNNING');
CREATE INDEX runs_sweep_idx ON runs (sweep_id, id) WHERE sweep_id IS NOT NULL;
CREATE INDEX runs_status_idx ON runs (status, id);
CREATE INDEX runs_model_idx ON runs (model, id);
CREATE INDEX runs_corruption_idx ON runs (corruption, id);

CREATE TABLE epoch_metrics (
    run_id              bigint           NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    epoch               integer          NOT NULL CHECK (epoch >= 1),
    train_loss          double precision NOT NULL,
    train_accuracy      double precision NOT NULL,
    learning_rate       double precision NOT NULL,
    samples_per_second  double precision NOT NULL,
    wall_seconds        double precision NOT NULL,
    -- SGD steps since the run started, this epoch included
    steps               bigint           NOT NULL,
    recorded_at         timestamptz      NOT NULL,
    PRIMARY KEY (run_id, epoch)
);

CREATE TABLE checkpoints (
    run_id      bigint      NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    epoch       integer     NOT NULL CHECK (epoch >= 1),
    blob        bytea       NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (run_id, epoch)
);
-- Float parameters barely compress: store out of line without trying (saves CPU on every save).
ALTER TABLE checkpoints ALTER COLUMN blob SET STORAGE EXTERNAL;

CREATE TABLE evaluations (
    run_id            bigint           PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    checkpoint_epoch  integer          NOT NULL,
    train_accuracy    double precision NOT NULL,
    train_loss        double precision NOT NULL,
    test_accuracy     double precision NOT NULL,
    test_loss         double precision NOT NULL,
    -- train_accuracy - test_accuracy and test_loss - train_loss, stored for report queries
    accuracy_gap      double precision NOT NULL,
    loss_gap          double precision NOT NULL,
    train_examples    integer          NOT NULL,
    test_examples     integer          NOT NULL,
    evaluated_at      timestamptz      NOT NULL,
    seconds           double precision NOT NULL
);
