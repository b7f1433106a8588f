-- memory_store.import_file_reject(p_run_id bigint, p_sqlstate text,
--     p_reason text, p_excerpt text) RETURNS void
--
-- Record what the reader found in the file outside every record (bytes
-- after the closing bracket of a JSON array): a reject of the file itself,
-- import_rejects line_number 0, part 'file'. It is no record of the file, so
-- it is not counted among the records (records in the file = imported +
-- updated + unchanged + rejected still holds), but the run cannot end ok:
-- memory_store.import_finish gives it status rejects and the reason in
-- status_detail. Calling it again replaces the reason.
--
-- Errors:
--   22023 no import run %
--   22023 p_sqlstate must be a SQLSTATE of five characters, got %
--   22023 p_reason must not be empty
-- Example:
--   SELECT memory_store.import_file_reject(1, '22P02', '12 bytes after the closing bracket of the array', 'garbage');

CREATE OR REPLACE FUNCTION memory_store.import_file_reject(p_run_id bigint, p_sqlstate text, p_reason text,
                                                          p_excerpt text)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM memory_store.import_runs r WHERE r.run_id = p_run_id) THEN
        RAISE EXCEPTION 'no import run %', p_run_id USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_sqlstate IS NULL OR p_sqlstate !~ '^[0-9A-Z]{5}$' THEN
        RAISE EXCEPTION 'p_sqlstate must be a SQLSTATE of five characters, got %', coalesce(p_sqlstate, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF coalesce(p_reason, '') = '' THEN
        RAISE EXCEPTION 'p_reason must not be empty' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO memory_store.import_rejects AS x (run_id, line_number, part, sqlstate, reason, raw_excerpt)
    VALUES (p_run_id, 0, 'file', p_sqlstate, left(p_reason, 1000), left(p_excerpt, 200))
    ON CONFLICT (run_id, line_number, part) DO UPDATE
       SET sqlstate = EXCLUDED.sqlstate, reason = EXCLUDED.reason, raw_excerpt = EXCLUDED.raw_excerpt;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_file_reject(p_run_id bigint, p_sqlstate text, p_reason text, p_excerpt text) IS 'Legacy import: record a reject of the file itself (bytes after a JSON array), not counted as a record; the run ends with status rejects and the reason. Example: SELECT memory_store.import_file_reject(1, ''22P02'', ''12 bytes after the closing bracket of the array'', ''garbage'');';
