-- memory_store.check_profile_object(p_name text, p_value jsonb) RETURNS
--     jsonb
--
-- A profile document: NULL stays NULL; otherwise a JSON object of bounded size.
--
-- Errors:
--   22023 % must be a JSON object, got %
--   54000 % is % bytes, the limit is %
-- Example:
--   memory_store.check_profile_object('preferences',
--       jsonb_build_object(p_key, p_value))
--   (as memory_store.set_preference_impl calls it)

CREATE OR REPLACE FUNCTION memory_store.check_profile_object(p_name text, p_value jsonb)
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
    IF v_bytes > (SELECT max_content_bytes FROM memory_store.limits()) THEN
        RAISE EXCEPTION '% is % bytes, the limit is %', p_name, v_bytes, (SELECT max_content_bytes FROM memory_store.limits())
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    RETURN p_value;
END
$fn$;
