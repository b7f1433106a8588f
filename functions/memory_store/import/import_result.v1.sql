-- memory_store.import_result(p_outcomes text[], p_rejects jsonb) RETURNS
--     jsonb
--
-- What a record mapping returns: {"status": imported (something
-- inserted) | updated (only updates) | skipped (nothing changed),
-- "rejects": [parts rejected alone]}.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.import_result(ARRAY['unchanged', 'inserted'], '[]');

CREATE OR REPLACE FUNCTION memory_store.import_result(p_outcomes text[], p_rejects jsonb)
RETURNS jsonb
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT jsonb_build_object('status', memory_store.import_status(p_outcomes), 'rejects', coalesce(p_rejects, '[]'::jsonb))
$fn$;

COMMENT ON FUNCTION memory_store.import_result(p_outcomes text[], p_rejects jsonb) IS 'Legacy import: the result of one record: status (imported/updated/skipped) and the parts rejected alone. Example: SELECT memory_store.import_result(ARRAY[''unchanged'', ''inserted''], ''[]'');';
