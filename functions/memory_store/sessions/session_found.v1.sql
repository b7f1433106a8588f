-- memory_store.session_found(p_session_id text, p_session
--     memory_store.sessions) RETURNS memory.session_record
--
-- The answer of a call that looked a session up: the row as
-- memory.session_record, or MO002 when the lookup found nothing (the row is
-- NULL). One place for the "not found" that get, touch and end share.
--
-- Errors:
--   MO002 session % not found
-- Example:
--   RETURN memory_store.session_found(v_session_id, v_row);
--   (as memory_store.get_session_impl calls it)

CREATE OR REPLACE FUNCTION memory_store.session_found(p_session_id text, p_session memory_store.sessions)
RETURNS memory.session_record
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_session.session_id IS NULL THEN
        RAISE EXCEPTION 'session % not found', quote_literal(p_session_id) USING ERRCODE = 'MO002';
    END IF;
    RETURN memory_store.session_record_of(p_session);
END
$fn$;

COMMENT ON FUNCTION memory_store.session_found(p_session_id text, p_session memory_store.sessions) IS 'The looked-up session as memory.session_record; MO002 when the lookup found nothing.
Example: RETURN memory_store.session_found(v_session_id, v_row);';
