-- Verify memory-orchestrator:lifecycle_schedule on pg
-- In the pg_cron database every lifecycle job is scheduled by its name, with
-- its schedule and command, for this database. Elsewhere there is nothing to
-- verify here (the deploy said what to run in the pg_cron database).
BEGIN;

DO $$
DECLARE
    v_missing text;
BEGIN
    IF pg_catalog.to_regclass('cron.job') IS NULL THEN
        RETURN;
    END IF;
    EXECUTE pg_catalog.format($sql$
        SELECT pg_catalog.string_agg(j.job_name, ', ' ORDER BY j.job_name)
          FROM memory_store.lifecycle_jobs j
         WHERE NOT EXISTS (SELECT 1 FROM %I.job c
                            WHERE c.jobname = memory_store.cron_job_name(pg_catalog.current_database(), j.job_name)
                              AND c.database = pg_catalog.current_database()
                              AND c.schedule = j.schedule AND c.command = j.command AND c.active)$sql$, 'cron')
      INTO v_missing;
    IF v_missing IS NOT NULL THEN
        RAISE EXCEPTION 'lifecycle_schedule: not scheduled with pg_cron as planned: %', v_missing;
    END IF;
END
$$;

ROLLBACK;
