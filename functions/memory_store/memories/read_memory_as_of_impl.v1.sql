-- memory_store.read_memory_as_of_impl(p_memory_id text, p_as_of timestamp
--     with time zone, p_include_inactive boolean DEFAULT false) RETURNS
--     memory.memory_record
--
-- The memory with this id as it stood at p_as_of (memory_store.memories_as_of):
-- the version valid then, with the tags it had; updated_at is that
-- version's valid_from. Soft-deleted (then) and expired (then: expires_at
-- <= p_as_of) versions only with p_include_inactive. A memory created after
-- p_as_of, archived at that instant, or of another user is MO001, the
-- error of a read of a missing id. A sensitive version keeps its stub here:
-- memory_store.reveal_as_of decrypts it.
--
-- Errors:
--   MO001 memory % not found
--   through the functions it calls: 22004, 22023, 39004
-- Example:
--   memory_store.read_memory_as_of_impl(p_memory_id, p_as_of, p_include_inactive)
--   (as memory.read_memory calls it when given p_as_of)

CREATE OR REPLACE FUNCTION memory_store.read_memory_as_of_impl(p_memory_id text, p_as_of timestamptz,
                                                               p_include_inactive boolean DEFAULT false)
RETURNS memory.memory_record
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_as_of  timestamptz;
    v_result memory.memory_record;
BEGIN
    PERFORM memory_store.check_id('memory_id', memory_store.require('memory_id', p_memory_id));
    v_as_of := memory_store.as_of_checked(p_as_of);
    SELECT m.memory_id, m.session_id, m.memory_type, m.content, m.text_content, m.source_agent, m.created_at,
           m.updated_at, m.expires_at, m.priority, m.is_active, m.tags
      INTO v_result
      FROM memory_store.memories_as_of(v_as_of) m
     WHERE m.memory_id = p_memory_id
       AND (coalesce(p_include_inactive, false)
            OR (m.is_active AND (m.expires_at IS NULL OR m.expires_at > v_as_of)));
    IF NOT FOUND THEN
        RAISE EXCEPTION 'memory % not found', quote_literal(p_memory_id) USING ERRCODE = 'MO001';
    END IF;
    RETURN v_result;
END
$fn$;

COMMENT ON FUNCTION memory_store.read_memory_as_of_impl(p_memory_id text, p_as_of timestamp with time zone, p_include_inactive boolean) IS 'The memory as it stood at p_as_of (the version valid then, its tags then); inactive or expired then only with p_include_inactive; MO001 when it did not exist then (or is not the caller''s). Errors: 22004, 22023 bad id / future as_of, MO001.
Example: SELECT (memory_store.read_memory_as_of_impl(''m-1'', now() - interval ''1 hour'')).content;';
