-- memory_store.run_batch_job(p_job_name text, p_step text, p_batch_size
--     integer, p_max_batches integer, p_detail text)
--
-- The whole run of a one-step batch job: job_start (no overlap, a running
-- row), run_batches (p_step with $1 = p_batch_size, COMMIT after each batch,
-- at most p_max_batches, stop at the first error), job_finish (the run's
-- row, then the error re-raised). p_detail is a format string whose three
-- %s take, in order, the rows affected, the batches run and the batch size.
-- Each job checks its arguments before calling this, so a bad argument is
-- refused before a run is logged. Call outside a transaction block.
--
-- Errors:
--   2D000 inside a transaction block (from COMMIT);
--   the step's own error, after the run is logged failed.
-- Example:
--   CALL memory_store.run_batch_job('purge_expired', 'SELECT memory_store.purge_expired_batch($1)',
--        1000, 100, 'deleted %s expired rows in %s batches of %s');
--   (as memory_store.purge_expired calls it)

CREATE OR REPLACE PROCEDURE memory_store.run_batch_job(p_job_name text, p_step text, p_batch_size integer,
                                                      p_max_batches integer, p_detail text)
LANGUAGE plpgsql
AS $pr$
DECLARE
    v_run     bigint;
    v_total   bigint := 0::bigint;
    v_batches integer := 0;
    v_state   text;
    v_message text;
BEGIN
    CALL memory_store.job_start(p_job_name, v_run);
    IF v_run IS NULL THEN
        RETURN;
    END IF;
    CALL memory_store.run_batches(p_step, p_batch_size, p_max_batches, v_total, v_batches, v_state, v_message);
    CALL memory_store.job_finish(v_run, v_total, format(p_detail, v_total, v_batches, p_batch_size),
                                 v_state, v_message);
END
$pr$;

COMMENT ON PROCEDURE memory_store.run_batch_job(IN p_job_name text, IN p_step text, IN p_batch_size integer, IN p_max_batches integer, IN p_detail text) IS 'The run of a one-step batch job: job_start, run_batches (p_step with $1 = batch size, COMMIT per batch, at most p_max_batches), job_finish; p_detail formats rows, batches and batch size. Call outside a transaction block. Errors: 2D000 inside a transaction block; the step''s error after the run is logged.
Example: CALL memory_store.run_batch_job(''purge_expired'', ''SELECT memory_store.purge_expired_batch($1)'', 1000, 100, ''deleted %s expired rows in %s batches of %s'');';
