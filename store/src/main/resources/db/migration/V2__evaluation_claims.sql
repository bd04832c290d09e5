-- Which evaluator replica is measuring which finished run, so several replicas never evaluate the
-- same run twice, and when a failed evaluation may be tried again (backoff survives restarts).
-- A row exists from a run's first claim until its evaluation is stored (then it is deleted).

CREATE TABLE evaluation_claims (
    run_id            bigint      PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    -- the evaluator holding (or last holding) the claim
    owner             text        NOT NULL,
    -- the claim is live while this is in the future; the owner renews it while it evaluates
    lease_expires_at  timestamptz NOT NULL,
    -- claims so far; drives the retry backoff
    attempts          integer     NOT NULL DEFAULT 1,
    -- after a failure: no automatic retry before this time (an on-demand request may retry sooner)
    retry_after       timestamptz,
    -- why the last attempt failed; '' otherwise
    error             text        NOT NULL DEFAULT ''
);
