-- memory_store.search_filter_sql(p_memory_types text[], p_session_id text,
--     p_user_id text, p_source_agent text, p_tags text[], p_created_after
--     timestamp with time zone, p_created_before timestamp with time zone,
--     p_include_inactive boolean) RETURNS text
--
-- The WHERE conditions on memory_entries (alias me) for the given filters,
-- referring to the parameters $3..$9; 'true' when there is none.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.search_filter_sql(NULL, NULL, 'u1', NULL, NULL, NULL, NULL, false);

CREATE OR REPLACE FUNCTION memory_store.search_filter_sql(
    p_memory_types text[],
    p_session_id text,
    p_user_id text,
    p_source_agent text,
    p_tags text[],
    p_created_after timestamptz,
    p_created_before timestamptz,
    p_include_inactive boolean)
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT coalesce(nullif(concat_ws(E'\n       AND ',
        CASE WHEN NOT p_include_inactive
             THEN 'me.is_active AND (me.expires_at IS NULL OR me.expires_at > now())' END,
        CASE WHEN cardinality(p_memory_types) > 0 THEN 'me.memory_type::text = ANY ($3)' END,
        CASE WHEN p_session_id IS NOT NULL THEN 'me.session_id = $4' END,
        CASE WHEN p_user_id IS NOT NULL
             THEN 'EXISTS (SELECT 1 FROM memory_store.sessions s WHERE s.session_id = me.session_id AND s.user_id = $5)' END,
        CASE WHEN p_source_agent IS NOT NULL THEN 'me.source_agent = $6' END,
        CASE WHEN cardinality(p_tags) > 0
             THEN 'ARRAY(SELECT mt.tag::text FROM memory_store.memory_tags mt WHERE mt.memory_id = me.memory_id) @> $7' END,
        CASE WHEN p_created_after IS NOT NULL THEN 'me.created_at >= $8' END,
        CASE WHEN p_created_before IS NOT NULL THEN 'me.created_at < $9' END), ''), 'true')
$fn$;

COMMENT ON FUNCTION memory_store.search_filter_sql(p_memory_types text[], p_session_id text, p_user_id text, p_source_agent text, p_tags text[], p_created_after timestamp with time zone, p_created_before timestamp with time zone, p_include_inactive boolean) IS 'The WHERE conditions (on memory_entries AS me, parameters $3..$9) of a search with these filters: visibility, memory types, session, user (through sessions.user_id), source agent, all tags, created_at in [after, before).
Example: SELECT memory_store.search_filter_sql(NULL, NULL, ''u1'', NULL, NULL, NULL, NULL, false);';
