-- gengap_reader: what Grafana's science board (and any other read-only consumer) connects through.
-- It may SELECT the science tables and nothing else: no writes, no DDL, no checkpoints (model
-- weights) and no claim bookkeeping. A NOLOGIN group role: the deployment creates the login
-- user (e.g. grafana) IN ROLE gengap_reader, with its own password (docs/security.md).
--
-- Roles are cluster-wide and creating one needs CREATEROLE: where the migrating owner role lacks
-- it (the recommended set-up), the deployment's database initialisation creates gengap_reader
-- first and this migration only grants.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'gengap_reader') THEN
    IF (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
      CREATE ROLE gengap_reader NOLOGIN;
    ELSE
      RAISE NOTICE 'role gengap_reader does not exist and % may not create it: no grants',
        current_user;
      RETURN;
    END IF;
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO gengap_reader', current_schema());
  GRANT SELECT ON sweeps, runs, epoch_metrics, evaluations TO gengap_reader;
END $$;
