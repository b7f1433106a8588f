-- memory_store.touch_session_impl(p_session_id text) RETURNS
--     memory.session_record
--
-- touch: moves updated_at to now (never backwards).
--
-- Errors:
--   through the functions it calls: 22023, 39004, MO002
-- Example:
--   memory_store.touch_session_impl(p_session_id)
--   (as memory.touch_session calls it)

CREATE OR REPLACE FUNCTION memory_store.touch_session_impl(p_session_id text)
RETURNS memory.session_record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_session_id text := memory_store.check_id('session_id', memory_store.require('session_id', p_session_id));
    v_row        memory_store.sessions;
BEGIN
    UPDATE memory_store.sessions AS s
       SET updated_at = greatest(s.updated_at, now())
     WHERE s.session_id = v_session_id
    RETURNING s.* INTO v_row;
    RETURN memory_store.session_found(v_session_id, v_row);
END
$fn$;
