-- memory_store.require(p_name text, p_value anyelement) RETURNS anyelement
--
-- A required parameter must not be NULL (22004). No SET clause: a helper of
-- the hot path (the caller's pinned search_path applies; it names nothing
-- but built-ins).
--
-- Errors:
--   22004 % is required
-- Example:
--   memory_store.require('user_id', p_user_id)
--   (as memory.act_as calls it)

CREATE OR REPLACE FUNCTION memory_store.require(p_name text, p_value anyelement)
RETURNS anyelement
LANGUAGE plpgsql IMMUTABLE
AS $fn$
BEGIN
    IF p_value IS NULL THEN
        RAISE EXCEPTION '% is required', p_name USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN p_value;
END
$fn$;
