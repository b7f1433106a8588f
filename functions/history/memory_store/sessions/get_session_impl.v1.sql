-- memory_store.get_session_impl(p_session_id text) RETURNS
--     memory.session_record
--
-- get: the session (ended and archived sessions included).
--
-- Errors:
--   MO002 session % not found
--   through the functions it calls: 22023, 39004
-- Example:
--   memory_store.get_session_impl(p_session_id)
--   (as memory.get_session calls it)

CREATE OR REPLACE FUNCTION memory_store.get_session_impl(p_session_id text)
RETURNS memory.session_record
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_session_id text := memory_store.check_id('session_id', memory_store.require('session_id', p_session_id));
    v_row        memory_store.sessions;
BEGIN
    SELECT s.* INTO v_row FROM memory_store.sessions AS s WHERE s.session_id = v_session_id;
    IF v_row.session_id IS NULL THEN
        RAISE EXCEPTION 'session % not found', quote_literal(v_session_id) USING ERRCODE = 'MO002';
    END IF;
    RETURN memory_store.session_record_of(v_row);
END
$fn$;
