-- memory_store.search_as_of_matches(p_request memory_store.search_request,
--     p_memory_type text, p_session_id text, p_source_agent text, p_tags
--     text[], p_created_at timestamp with time zone, p_is_active boolean,
--     p_expires_at timestamp with time zone) RETURNS boolean
--
-- Whether a memory as it stood at p_request.as_of (the columns of
-- memory_store.memories_as_of) passes the request's filters: active and not
-- expired then unless include_inactive, memory_types, session_id, user_id
-- (the session's user), source_agent, tags then (all of them), created_at
-- range. A plain SQL expression with no SET clause, so that the planner
-- inlines it into memory_store.search_as_of_impl's statements (p_tags is
-- read only when the request names tags).
--
-- Errors:
--   none of its own
-- Example:
--   SELECT m.memory_id FROM memory_store.memories_as_of(now()) m WHERE memory_store.search_as_of_matches(ROW('keyword', 'x', NULL, NULL, NULL, 'u1', NULL, NULL, NULL, NULL, false, 10, NULL, NULL, 60, 'relevance', now())::memory_store.search_request, m.memory_type, m.session_id, m.source_agent, m.tags, m.created_at, m.is_active, m.expires_at);

CREATE OR REPLACE FUNCTION memory_store.search_as_of_matches(
    p_request memory_store.search_request,
    p_memory_type text,
    p_session_id text,
    p_source_agent text,
    p_tags text[],
    p_created_at timestamptz,
    p_is_active boolean,
    p_expires_at timestamptz)
RETURNS boolean
LANGUAGE sql STABLE
AS $fn$
    SELECT (p_request.include_inactive
            OR (p_is_active AND (p_expires_at IS NULL OR p_expires_at > p_request.as_of)))
       AND (coalesce(cardinality(p_request.memory_types), 0) = 0 OR p_memory_type = ANY (p_request.memory_types))
       AND (p_request.session_id IS NULL OR p_session_id = p_request.session_id)
       AND (p_request.user_id IS NULL
            OR EXISTS (SELECT 1 FROM memory_store.sessions s
                        WHERE s.session_id = p_session_id AND s.user_id = p_request.user_id))
       AND (p_request.source_agent IS NULL OR p_source_agent = p_request.source_agent)
       AND (coalesce(cardinality(p_request.tags), 0) = 0 OR p_tags @> p_request.tags)
       AND (p_request.created_after IS NULL OR p_created_at >= p_request.created_after)
       AND (p_request.created_before IS NULL OR p_created_at < p_request.created_before)
$fn$;

COMMENT ON FUNCTION memory_store.search_as_of_matches(p_request memory_store.search_request, p_memory_type text, p_session_id text, p_source_agent text, p_tags text[], p_created_at timestamp with time zone, p_is_active boolean, p_expires_at timestamp with time zone) IS 'Whether a memory as it stood at the request''s as_of passes its filters (inlined into memory_store.search_as_of_impl).
Example: SELECT m.memory_id FROM memory_store.memories_as_of(now()) m WHERE memory_store.search_as_of_matches(ROW(''keyword'', ''x'', NULL, NULL, NULL, ''u1'', NULL, NULL, NULL, NULL, false, 10, NULL, NULL, 60, ''relevance'', now())::memory_store.search_request, m.memory_type, m.session_id, m.source_agent, m.tags, m.created_at, m.is_active, m.expires_at);';
