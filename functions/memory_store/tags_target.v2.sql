-- memory_store.tags_target, v2 (change tenancy_api): looks at the memory
-- (under row-level security) before it locks the memory's registry row: v1
-- locked first, so a caller could hold a lock on another user's memory
-- (delaying that user's tag changes and deletes) and time the wait.
-- memory_store.tags_memory_visible is new here.

-- Is the memory visible: active, not expired, and (row-level security) the
-- caller's user's?
CREATE FUNCTION memory_store.tags_memory_visible(p_memory_id text)
RETURNS boolean
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT EXISTS (SELECT 1 FROM memory_store.memory_entries e
                    WHERE e.memory_id = p_memory_id AND e.is_active
                      AND (e.expires_at IS NULL OR e.expires_at > now()))
$fn$;

-- The memory must exist and be visible (active, not expired, the caller's
-- user's): MO001 otherwise. When p_lock, then locks the memory's registry
-- row FOR NO KEY UPDATE, which serializes tag changes of one memory (so the
-- max_tags bound holds under concurrency) without blocking foreign-key
-- checks (FOR KEY SHARE), and looks again under the lock (a concurrent
-- delete may have won). The registry has no row-level security: only a
-- memory the caller may see is ever locked.
CREATE OR REPLACE FUNCTION memory_store.tags_target(p_memory_id text, p_lock boolean)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM memory_store.check_id('memory_id', memory_store.require('memory_id', p_memory_id));
    IF NOT memory_store.tags_memory_visible(p_memory_id) THEN
        RAISE EXCEPTION 'memory % not found', quote_literal(p_memory_id) USING ERRCODE = 'MO001';
    END IF;
    IF p_lock THEN
        PERFORM 1 FROM memory_store.memory_registry r WHERE r.memory_id = p_memory_id FOR NO KEY UPDATE;
        -- a concurrent delete may have won while this waited
        IF NOT memory_store.tags_memory_visible(p_memory_id) THEN
            RAISE EXCEPTION 'memory % not found', quote_literal(p_memory_id) USING ERRCODE = 'MO001';
        END IF;
    END IF;
    RETURN p_memory_id;
END
$fn$;
