-- What a run's trainer did about TF32 (RunSpec.allow_tf32, Run.tf32): NOT_APPLICABLE (CPU), OFF or
-- ON (GPU); '' until claimed, and for runs trained before it was recorded.

ALTER TABLE runs
    ADD COLUMN tf32 text NOT NULL DEFAULT '';
