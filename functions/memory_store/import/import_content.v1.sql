-- memory_store.import_content(p_content jsonb) RETURNS jsonb
--
-- The content of an imported memory, checked: a JSON object of at most
-- 1 MiB (1,048,576 bytes of its JSON text), the import limit per memory
-- (history is not held to the agent API's 64 KiB). Returns it.
--
-- Errors:
--   22023 content must be a JSON object, got %
--   54000 content is % bytes, the import limit is % per memory
-- Example:
--   SELECT memory_store.import_content('{"text": "x"}');

CREATE OR REPLACE FUNCTION memory_store.import_content(p_content jsonb)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    c_limit constant integer := 1048576;
    v_bytes integer;
BEGIN
    IF jsonb_typeof(p_content) IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION 'content must be a JSON object, got %', coalesce(jsonb_typeof(p_content), 'nothing')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_bytes := octet_length(p_content::text);
    IF v_bytes > c_limit THEN
        RAISE EXCEPTION 'content is % bytes, the import limit is % per memory', v_bytes, c_limit
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    RETURN p_content;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_content(p_content jsonb) IS 'Legacy import: check the content of a memory (an object of at most 1 MiB) and return it. Example: SELECT memory_store.import_content(''{"text": "x"}'');';
