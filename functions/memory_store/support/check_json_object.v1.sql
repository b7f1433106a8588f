-- memory_store.check_json_object(p_name text, p_value jsonb) RETURNS jsonb
--
-- A JSON document an API call stores as given (profile data, preferences,
-- relationship or session metadata, agent state): NULL stays NULL;
-- otherwise it must be a JSON object of at most max_content_bytes
-- (memory_store.limits()). Returns p_value. p_name names the argument in
-- the message.
--
-- Errors:
--   22023 % must be a JSON object, got %
--   54000 % is % bytes, the limit is %
-- Example:
--   SELECT memory_store.check_json_object('metadata', '{"source": "chat"}');

CREATE OR REPLACE FUNCTION memory_store.check_json_object(p_name text, p_value jsonb)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_bytes integer;
BEGIN
    IF p_value IS NULL THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(p_value) <> 'object' THEN
        RAISE EXCEPTION '% must be a JSON object, got %', p_name, jsonb_typeof(p_value)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_bytes := octet_length(p_value::text);
    IF v_bytes > (SELECT l.max_content_bytes FROM memory_store.limits() AS l) THEN
        RAISE EXCEPTION '% is % bytes, the limit is %', p_name, v_bytes,
                        (SELECT l.max_content_bytes FROM memory_store.limits() AS l)
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    RETURN p_value;
END
$fn$;

COMMENT ON FUNCTION memory_store.check_json_object(p_name text, p_value jsonb) IS 'A stored JSON document (profile, metadata, agent state): NULL passes; otherwise a JSON object of at most max_content_bytes. Returns p_value. Errors: 22023 not an object, 54000 too big.
Example: SELECT memory_store.check_json_object(''metadata'', ''{"source": "chat"}'');';
