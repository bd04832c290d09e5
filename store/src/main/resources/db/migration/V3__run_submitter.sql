-- Who submitted each run (the authenticated principal), so a submitter may cancel its own runs
-- and every run can be traced to a person or service. '' for runs from before authentication.
ALTER TABLE runs ADD COLUMN submitted_by text NOT NULL DEFAULT '';
