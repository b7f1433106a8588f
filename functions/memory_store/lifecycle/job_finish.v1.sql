-- memory_store.job_finish(IN p_run_id bigint, IN p_rows_affected bigint, IN
--     p_detail text, IN p_error_sqlstate text DEFAULT NULL::text, IN
--     p_error_message text DEFAULT NULL::text)
--
-- The closing of every lifecycle job procedure: logs the outcome with
-- job_end and commits it, then re-raises the error that stopped the run, if
-- any, so that pg_cron and the caller see the job fail, after the log row is
-- safe.
--
-- Errors:
--   p_error_sqlstate, re-raised with p_error_message; 22004, 22023 no such
--   running run.
-- Example:
--   CALL memory_store.job_finish(v_run, v_total, 'deleted 10 rows', v_state, v_message);  -- in a job procedure

CREATE OR REPLACE PROCEDURE memory_store.job_finish(p_run_id bigint, p_rows_affected bigint, p_detail text,
                                                   p_error_sqlstate text DEFAULT NULL, p_error_message text DEFAULT NULL)
LANGUAGE plpgsql
AS $pr$
BEGIN
    PERFORM memory_store.job_end(p_run_id, p_rows_affected, p_detail, p_error_sqlstate, p_error_message);
    COMMIT;
    IF p_error_sqlstate IS NOT NULL THEN
        RAISE EXCEPTION '%', p_error_message USING ERRCODE = p_error_sqlstate;
    END IF;
END
$pr$;

COMMENT ON PROCEDURE memory_store.job_finish(IN p_run_id bigint, IN p_rows_affected bigint, IN p_detail text, IN p_error_sqlstate text, IN p_error_message text) IS 'Closes a lifecycle job run (for the job procedures): logs the outcome with job_end, commits, then re-raises the error that stopped the run, if any. Errors: the run''s own SQLSTATE; 22004, 22023 no such running run.
Example: CALL memory_store.job_finish(v_run, v_total, ''deleted 10 rows'', v_state, v_message);';
