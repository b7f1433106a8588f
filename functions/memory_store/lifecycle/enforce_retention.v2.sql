-- memory_store.enforce_retention(IN p_user_id text DEFAULT NULL::text, IN
--     p_batch_size integer DEFAULT NULL::integer)
--
-- Job entry point. Invoker, no SET clause: a procedure with either cannot
-- COMMIT; every call below is qualified. job_start, run_batches and
-- job_finish are the frame every job shares (log, batch loop, outcome).
-- Also run on demand for one user. One budget of archive_max_batches spans
-- all users of a run.
--
-- Errors:
--   2D000 inside a transaction block; 22023 bad user id or batch size.
-- Example:
--   CALL memory_store.enforce_retention();  CALL memory_store.enforce_retention(p_user_id => 'u-1');

CREATE OR REPLACE PROCEDURE memory_store.enforce_retention(p_user_id text DEFAULT NULL, p_batch_size integer DEFAULT NULL)
LANGUAGE plpgsql
AS $pr$
DECLARE
    v_batch     integer := memory_store.archive_batch_size(p_batch_size);
    v_budget    integer := memory_store.lifecycle_int('archive_max_batches');
    v_run       bigint;
    v_users     text[];
    v_user      text;
    v_total     bigint := 0::bigint;
    v_batches   integer := 0;
    v_over      bigint;
    v_state     text;
    v_message   text;
BEGIN
    IF p_user_id IS NOT NULL THEN
        PERFORM * FROM memory_store.retention_usage(p_user_id);  -- 22023 for a bad id, before anything is logged
    END IF;
    CALL memory_store.job_start('enforce_retention', v_run);
    IF v_run IS NULL THEN
        RETURN;
    END IF;
    BEGIN
        v_users := ARRAY(SELECT u.user_id FROM memory_store.retention_usage(p_user_id) AS u WHERE u.over_budget);
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
    END;
    COMMIT;
    FOREACH v_user IN ARRAY coalesce(v_users, '{}') LOOP
        CALL memory_store.run_batches(format('SELECT memory_store.enforce_retention_batch(%L, $1)', v_user),
                                      v_batch, v_budget, v_total, v_batches, v_state, v_message);
        EXIT WHEN v_state IS NOT NULL OR v_batches >= v_budget;
    END LOOP;
    IF v_state IS NULL THEN
        BEGIN
            SELECT count(*) INTO v_over FROM memory_store.retention_usage(p_user_id) AS u WHERE u.over_budget;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
        END;
    END IF;
    CALL memory_store.job_finish(v_run, v_total,
                                 format('archived %s memories of %s users over budget in %s batches of %s; '
                                        '%s users still over budget (protected memories or budget of batches)',
                                        v_total, cardinality(coalesce(v_users, '{}')), v_batches, v_batch,
                                        coalesce(v_over::text, '?')),
                                 v_state, v_message);
END
$pr$;

COMMENT ON PROCEDURE memory_store.enforce_retention(IN p_user_id text, IN p_batch_size integer) IS 'Lifecycle job, also on demand for one user (p_user_id): archives the lowest-priority, then oldest, memories of every user over the retention budget (retention_max_memories / retention_max_content_mib, or the user''s row in memory_store.retention_budgets) until within it; memories with priority >= retention_protected_priority are never archived. Batches of p_batch_size (else archive_batch_size), COMMIT after each, at most archive_max_batches per run. Never overlaps itself; logs its run in memory_store.job_runs. Call outside a transaction block. Errors: 22023 bad user id or batch size.
Example: CALL memory_store.enforce_retention();  CALL memory_store.enforce_retention(p_user_id => ''u-1'');';
