-- memory_store.dedupe_candidate(p_memory_id text, p_memory_type text)
--     RETURNS TABLE(created_at timestamp with time zone)
--
-- The created_at of memory p_memory_id when it can absorb a create of type
-- p_memory_type: hot (its registry row is not archived), of that type,
-- active and unexpired; no row otherwise. The registry gives created_at
-- first, so the memory_entries lookup prunes to one partition. For the
-- semantic deduplication (memory_store.dedupe_nearest), which reads it
-- LATERAL for each nearest embedding: SQL, STABLE, no SET clause, so that
-- it inlines into that query. Runs as its caller (row-level security
-- applies).
--
-- Errors:
--   none of its own
-- Example:
--   SELECT * FROM memory_store.dedupe_candidate('m-1', 'context');

CREATE OR REPLACE FUNCTION memory_store.dedupe_candidate(p_memory_id text, p_memory_type text)
RETURNS TABLE (created_at timestamptz)
LANGUAGE sql STABLE
AS $fn$
    SELECT me.created_at
      FROM (SELECT r.created_at FROM memory_store.memory_registry r
             WHERE r.memory_id = p_memory_id AND NOT r.is_archived OFFSET 0) r
     CROSS JOIN LATERAL (
            SELECT e.created_at FROM memory_store.memory_entries e
             WHERE e.memory_id = p_memory_id AND e.created_at = r.created_at AND e.memory_type = p_memory_type
               AND e.is_active AND (e.expires_at IS NULL OR e.expires_at > pg_catalog.now())
            OFFSET 0) me;
$fn$;

COMMENT ON FUNCTION memory_store.dedupe_candidate(p_memory_id text, p_memory_type text) IS 'The created_at of a hot, active, unexpired memory of the given type (no row otherwise): what semantic deduplication (memory_store.dedupe_nearest) reads for each nearest embedding; inlines into its query. Errors: none.
Example: SELECT * FROM memory_store.dedupe_candidate(''m-1'', ''context'');';
