-- memory_store.check_content(p_content jsonb) RETURNS jsonb
--
-- content must be a JSON object (22023) of at most max_content_bytes (54000);
-- content.text, when present, must be a string (22023).
--
-- Errors:
--   22023 content must be a JSON object, got %
--   54000 content is % bytes, the limit is %
-- Example:
--   memory_store.check_content(memory_store.require('content',
--       p_content))
--   (as memory_store.create_memory_impl calls it)

CREATE OR REPLACE FUNCTION memory_store.check_content(p_content jsonb)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_bytes integer;
BEGIN
    IF p_content IS NULL THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(p_content) <> 'object' THEN
        RAISE EXCEPTION 'content must be a JSON object, got %', jsonb_typeof(p_content)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_content ? 'text' AND jsonb_typeof(p_content -> 'text') NOT IN ('string', 'null') THEN
        RAISE EXCEPTION 'content.text must be a string, got %', jsonb_typeof(p_content -> 'text')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_bytes := octet_length(p_content::text);
    IF v_bytes > (SELECT max_content_bytes FROM memory_store.limits()) THEN
        RAISE EXCEPTION 'content is % bytes, the limit is %', v_bytes, (SELECT max_content_bytes FROM memory_store.limits())
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    RETURN p_content;
END
$fn$;
