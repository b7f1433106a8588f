-- memory_store.import_stable_id(p_natural text) RETURNS character varying
--
-- Stable ids for rows the source does not name: the natural id when it fits
-- in 64 characters, else a fixed-length hash of it.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.import_stable_id('sma-s-001-0');

CREATE OR REPLACE FUNCTION memory_store.import_stable_id(p_natural text)
RETURNS varchar(64)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT (CASE WHEN length(p_natural) <= 64 THEN p_natural ELSE 'imp-' || md5(p_natural) END)::varchar(64)
$fn$;

COMMENT ON FUNCTION memory_store.import_stable_id(p_natural text) IS 'Legacy import: the id itself if at most 64 characters, else ''imp-'' || md5(id). Example: SELECT memory_store.import_stable_id(''sma-s-001-0'');';
