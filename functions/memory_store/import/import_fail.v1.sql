-- memory_store.import_fail(p_run_id bigint, p_reason text) RETURNS void
--
-- End a run that could not complete (the client failed: a lost connection,
-- an interrupt): rebuild the vector indexes an import deferred, set
-- finished_at, status failed and the reason. Records already mapped stay.
--
-- Errors:
--   22023 no import run %
-- Example:
--   SELECT memory_store.import_fail(1, 'interrupted');

CREATE OR REPLACE FUNCTION memory_store.import_fail(p_run_id bigint, p_reason text)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    UPDATE memory_store.import_runs r SET finished_at = now(), status = 'failed', status_detail = left(p_reason, 500)
     WHERE r.run_id = p_run_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no import run %', p_run_id USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM memory_store.import_restore_indexes();
END
$fn$;

COMMENT ON FUNCTION memory_store.import_fail(p_run_id bigint, p_reason text) IS 'Legacy import: end a run the client could not complete (status failed, the reason), rebuilding deferred indexes. Example: SELECT memory_store.import_fail(1, ''interrupted'');';
