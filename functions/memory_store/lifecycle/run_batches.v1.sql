-- memory_store.run_batches(IN p_step text, IN p_batch_size integer, IN
--     p_max_batches integer, INOUT p_rows bigint, INOUT p_batches integer,
--     INOUT p_error_sqlstate text, INOUT p_error_message text)
--
-- The batch loop of the lifecycle jobs: runs p_step (a statement returning
-- the rows it handled, with $1 = p_batch_size; values of its own are
-- formatted in with %L by the job) and COMMITs after each batch, until a
-- batch handles fewer than p_batch_size rows or p_batches reaches
-- p_max_batches. p_rows and p_batches are added to, so one budget can span
-- several calls. The first error stops the loop and is handed back in
-- p_error_sqlstate and p_error_message (the job logs it, then raises it);
-- the batches committed before it stay done. Runs as the caller: the step's
-- functions are the SECURITY DEFINER ones.
--
-- Errors:
--   none of its own: the step's error is returned, not raised.
-- Example:
--   CALL memory_store.run_batches('SELECT memory_store.purge_expired_batch($1)', 5000, 100,
--                                 v_total, v_batches, v_state, v_message);  -- in a job procedure

CREATE OR REPLACE PROCEDURE memory_store.run_batches(p_step text, p_batch_size integer, p_max_batches integer,
                                                    INOUT p_rows bigint, INOUT p_batches integer,
                                                    INOUT p_error_sqlstate text, INOUT p_error_message text)
LANGUAGE plpgsql
AS $pr$
DECLARE
    v_rows bigint;
BEGIN
    WHILE p_error_sqlstate IS NULL AND p_batches < p_max_batches LOOP
        BEGIN
            EXECUTE p_step INTO v_rows USING p_batch_size;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS p_error_sqlstate = RETURNED_SQLSTATE, p_error_message = MESSAGE_TEXT;
            EXIT;
        END;
        -- Outside the block: a block with an exception handler cannot COMMIT.
        COMMIT;
        p_rows := p_rows + coalesce(v_rows, 0);
        p_batches := p_batches + 1;
        EXIT WHEN coalesce(v_rows, 0) < p_batch_size;
    END LOOP;
END
$pr$;

COMMENT ON PROCEDURE memory_store.run_batches(IN p_step text, IN p_batch_size integer, IN p_max_batches integer, INOUT p_rows bigint, INOUT p_batches integer, INOUT p_error_sqlstate text, INOUT p_error_message text) IS 'The lifecycle jobs'' batch loop: runs p_step ($1 = batch size, returns rows handled), COMMIT after each batch, until a short batch or p_max_batches; adds to p_rows and p_batches; the first error is returned in p_error_sqlstate / p_error_message, not raised. Errors: none of its own.
Example: CALL memory_store.run_batches(''SELECT memory_store.purge_expired_batch($1)'', 5000, 100, v_total, v_batches, v_state, v_message);';
