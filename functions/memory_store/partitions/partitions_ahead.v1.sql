-- memory_store.partitions_ahead(p_months_ahead integer) RETURNS integer
--
-- Creates the missing monthly partitions of memory_entries and
-- memory_access_logs from the current UTC month through p_months_ahead
-- months later; returns how many it created.
--
-- Errors:
--   22004, 22023 months outside 0..120.
-- Example:
--   SELECT memory_store.partitions_ahead(3);

CREATE OR REPLACE FUNCTION memory_store.partitions_ahead(p_months_ahead integer)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_before bigint;
    v_after  bigint;
    v_parents regclass[] := ARRAY['memory_store.memory_entries'::regclass, 'memory_store.memory_access_logs'::regclass];
BEGIN
    PERFORM memory_store.require('months_ahead', p_months_ahead);
    SELECT count(*) INTO v_before FROM pg_inherits WHERE inhparent = ANY (v_parents);
    PERFORM memory_store.ensure_monthly_partitions(p, (now() AT TIME ZONE 'UTC')::date, p_months_ahead)
       FROM unnest(v_parents) AS p;
    SELECT count(*) INTO v_after FROM pg_inherits WHERE inhparent = ANY (v_parents);
    RETURN (v_after - v_before)::integer;
END
$fn$;

COMMENT ON FUNCTION memory_store.partitions_ahead(p_months_ahead integer) IS 'Creates the missing monthly partitions of memory_entries and memory_access_logs from the current UTC month through p_months_ahead months later (rows of a new month move out of the default partition); returns how many were created. Errors: 22004, 22023 months outside 0..120.
Example: SELECT memory_store.partitions_ahead(3);';
