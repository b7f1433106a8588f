-- memory_store.import_applied(p_run_id bigint) RETURNS TABLE(line_number
--     integer, j jsonb)
--
-- The records of a run that were applied or rejected after parsing (not
-- superseded, not refused by the reader): their position and their skeleton
-- (the record without its embedding, {"embedding": true} when it had one).
--
-- Errors:
--   none of its own
-- Example:
--   SELECT * FROM memory_store.import_applied(1);

CREATE OR REPLACE FUNCTION memory_store.import_applied(p_run_id bigint)
RETURNS TABLE (line_number integer, j jsonb)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT s.line_number, s.skeleton FROM memory_store.import_staging s
     WHERE s.run_id = p_run_id AND s.status IS DISTINCT FROM 'superseded' AND jsonb_typeof(s.skeleton) = 'object'
$fn$;

COMMENT ON FUNCTION memory_store.import_applied(p_run_id bigint) IS 'Legacy import: the parsed, not superseded records of a run with their skeleton (for reconcile). Example: SELECT * FROM memory_store.import_applied(1);';
