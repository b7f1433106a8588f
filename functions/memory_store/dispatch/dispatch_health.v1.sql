-- memory_store.dispatch_health(p_payload jsonb, p_session_id text) RETURNS
--     jsonb
--
-- The health action: the package answers and knows its versions.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory.dispatch('{"action": "health", "payload": {...}}');  -- runs this handler

CREATE OR REPLACE FUNCTION memory_store.dispatch_health(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT jsonb_build_object(
        'healthy', true,
        'postgres_version', current_setting('server_version'),
        'pgvector_version', (SELECT extversion FROM pg_extension WHERE extname = 'vector'),
        'actions', (SELECT jsonb_agg(action ORDER BY action) FROM memory_store.dispatch_actions))
$fn$;
