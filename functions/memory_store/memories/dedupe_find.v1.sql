-- memory_store.dedupe_find(p_user_id text, p_memory_type text, p_text
--     text) RETURNS TABLE(memory_id character varying, created_at timestamp
--     with time zone)
--
-- Exact deduplication's lookup: the oldest active, unexpired, non-sensitive
-- memory of user p_user_id (NULL: of no user) and type p_memory_type whose
-- normalised text (memory_store.dedupe_text) is p_text; no row when none.
-- One probe per partition of idx_memory_entries_dedupe. Owned by
-- memory_maintainer, which bypasses row-level security where a superuser
-- deployed: under a tenant policy the planner may not evaluate
-- memory_store.dedupe_key (not leakproof) before the policy, so the index
-- could not serve the lookup and every row of the user would be read. Not
-- executable by agents: the caller (memory_store.create_deduped_impl) names
-- the user it derived from the session or the tenant.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT * FROM memory_store.dedupe_find('u-1', 'context', 'i like tea');

CREATE OR REPLACE FUNCTION memory_store.dedupe_find(p_user_id text, p_memory_type text, p_text text)
RETURNS TABLE (memory_id varchar(64), created_at timestamptz)
LANGUAGE plpgsql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_key uuid := md5(p_text)::uuid;
BEGIN
    IF p_user_id IS NOT NULL THEN
        RETURN QUERY
        SELECT e.memory_id, e.created_at
          FROM memory_store.memory_entries e
         WHERE e.user_id = p_user_id AND e.memory_type = p_memory_type
           AND memory_store.dedupe_key(e.content) = v_key
           AND e.is_active AND NOT e.is_sensitive
           AND (e.expires_at IS NULL OR e.expires_at > now())
           AND memory_store.dedupe_text(e.content) = p_text
         ORDER BY e.created_at, e.memory_id
         LIMIT 1;
    ELSE
        RETURN QUERY
        SELECT e.memory_id, e.created_at
          FROM memory_store.memory_entries e
         WHERE e.user_id IS NULL AND e.memory_type = p_memory_type
           AND memory_store.dedupe_key(e.content) = v_key
           AND e.is_active AND NOT e.is_sensitive
           AND (e.expires_at IS NULL OR e.expires_at > now())
           AND memory_store.dedupe_text(e.content) = p_text
         ORDER BY e.created_at, e.memory_id
         LIMIT 1;
    END IF;
END
$fn$;

COMMENT ON FUNCTION memory_store.dedupe_find(p_user_id text, p_memory_type text, p_text text) IS 'Exact deduplication''s lookup: the oldest active memory of a user and type with this normalised text, by index (owned by memory_maintainer, so no tenant policy keeps the index out). Not for agents.
Example: SELECT * FROM memory_store.dedupe_find(''u-1'', ''context'', ''i like tea'');';
