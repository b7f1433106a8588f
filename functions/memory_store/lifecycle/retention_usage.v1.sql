-- memory_store.retention_usage(p_user_id text DEFAULT NULL::text) RETURNS
--     TABLE(user_id text, active_memories bigint, content_bytes bigint,
--     protected_memories bigint, max_memories integer, max_content_bytes
--     bigint, over_budget boolean)
--
-- Each user's active (visible) hot memories against their budget: the
-- override in memory_store.retention_budgets, else the settings
-- retention_max_memories / retention_max_content_mib (NULL = no limit).
-- content_bytes is the stored size of content (pg_column_size: after
-- compression, read without de-toasting). One user, or every user with
-- active memories.
--
-- Errors:
--   22023 bad user id.
-- Example:
--   SELECT * FROM memory_store.retention_usage() WHERE over_budget;

CREATE OR REPLACE FUNCTION memory_store.retention_usage(p_user_id text DEFAULT NULL)
RETURNS TABLE (user_id text, active_memories bigint, content_bytes bigint, protected_memories bigint,
               max_memories integer, max_content_bytes bigint, over_budget boolean)
LANGUAGE plpgsql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_max_memories integer := memory_store.lifecycle_int('retention_max_memories');
    v_max_mib      integer := memory_store.lifecycle_int('retention_max_content_mib');
    v_protected    integer := memory_store.lifecycle_int('retention_protected_priority');
BEGIN
    PERFORM memory_store.check_id('user_id', p_user_id);
    RETURN QUERY
        SELECT u.user_id, u.active_memories, u.content_bytes, u.protected_memories, b.max_memories, b.max_content_bytes,
               coalesce(u.active_memories > b.max_memories, false) OR coalesce(u.content_bytes > b.max_content_bytes, false)
          FROM (SELECT s.user_id::text AS user_id, count(*) AS active_memories,
                       sum(pg_column_size(e.content))::bigint AS content_bytes,
                       count(*) FILTER (WHERE e.priority >= v_protected) AS protected_memories
                  FROM memory_store.sessions s
                  JOIN memory_store.memory_entries e ON e.session_id = s.session_id
                 WHERE s.user_id IS NOT NULL AND (p_user_id IS NULL OR s.user_id = p_user_id)
                   AND e.is_active AND (e.expires_at IS NULL OR e.expires_at > now())
                 GROUP BY s.user_id) AS u
          LEFT JOIN memory_store.retention_budgets o ON o.user_id = u.user_id
         CROSS JOIN LATERAL (SELECT coalesce(o.max_memories, v_max_memories) AS max_memories,
                                    coalesce(o.max_content_mib, v_max_mib)::bigint * 1048576 AS max_content_bytes) AS b
         ORDER BY u.user_id;
END
$fn$;

COMMENT ON FUNCTION memory_store.retention_usage(p_user_id text) IS 'Per user: active hot memories, their content bytes (pg_column_size), how many are protected (priority >= retention_protected_priority), the budget (memory_store.retention_budgets, else the settings; NULL = no limit) and whether the user is over it. No memory content. Errors: 22023 bad user id.
Example: SELECT * FROM memory_store.retention_usage() WHERE over_budget;';
