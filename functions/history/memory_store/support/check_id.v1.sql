-- memory_store.check_id(p_name text, p_value text, p_max integer DEFAULT
--     64) RETURNS text
--
-- An identifier (memory, session, user, agent id, tag): 1..64 characters, no control characters (22023).
--
-- Errors:
--   22023 % must be 1 to % characters long, got %
-- Example:
--   memory_store.check_id('user_id', memory_store.require('user_id',
--       p_user_id))
--   (as memory.act_as calls it)

CREATE OR REPLACE FUNCTION memory_store.check_id(p_name text, p_value text, p_max integer DEFAULT 64)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_value IS NULL THEN
        RETURN NULL;
    END IF;
    IF length(p_value) = 0 OR length(p_value) > p_max THEN
        RAISE EXCEPTION '% must be 1 to % characters long, got %', p_name, p_max, length(p_value)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_value ~ '[[:cntrl:]]' THEN
        RAISE EXCEPTION '% must not contain control characters', p_name
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN p_value;
END
$fn$;
