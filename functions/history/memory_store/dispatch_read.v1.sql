-- memory_store.dispatch_read as released in dispatch_memories.v1.sql
-- (v0.2.0), alone, so that the revert of sensitive_memories can restore it.
-- read: payload.memory_id, include_inactive.
CREATE OR REPLACE FUNCTION memory_store.dispatch_read(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN memory_store.memory_json(memory_store.read_memory_impl(
        memory_store.payload_text(p_payload, 'memory_id', true),
        memory_store.payload_bool(p_payload, 'include_inactive', false)));
END
$fn$;
