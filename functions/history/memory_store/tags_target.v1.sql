-- memory_store.tags_target as released in tags_impl.v1.sql (change api_tags),
-- verbatim but CREATE OR REPLACE: revert/reliability_retries.sql restores it.

-- The memory must exist and be visible (active, not expired): MO001 otherwise.
-- Locks the memory's registry row FOR NO KEY UPDATE when p_lock, which
-- serializes tag changes of one memory (so the max_tags bound holds under
-- concurrency) without blocking foreign-key checks (FOR KEY SHARE).
CREATE OR REPLACE FUNCTION memory_store.tags_target(p_memory_id text, p_lock boolean)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM memory_store.check_id('memory_id', memory_store.require('memory_id', p_memory_id));
    IF p_lock THEN
        PERFORM 1 FROM memory_store.memory_registry r WHERE r.memory_id = p_memory_id FOR NO KEY UPDATE;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM memory_store.memory_entries e
                    WHERE e.memory_id = p_memory_id AND e.is_active
                      AND (e.expires_at IS NULL OR e.expires_at > now())) THEN
        RAISE EXCEPTION 'memory % not found', quote_literal(p_memory_id) USING ERRCODE = 'MO001';
    END IF;
    RETURN p_memory_id;
END
$fn$;
