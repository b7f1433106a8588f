-- memory_store.import_finish(p_run_id bigint, p_file_records bigint,
--     p_file_format text) RETURNS TABLE(source_system text, item text,
--     source_count bigint, target_count bigint, rejected_count bigint,
--     mismatch boolean)
--
-- End a run: rebuild the vector indexes it deferred, record how many records
-- the reader found in the file (the ground truth), reconcile, and set
-- finished_at and the status (import_runs.status): ok, rejects (every
-- record accounted for, some rejected) or mismatch (records in the file <>
-- imported + updated + unchanged + rejected, or a staged record left
-- pending). Returns the rows of memory_store.reconcile.
--
-- Errors:
--   22023 no import run %
--   22023 p_file_records must be >= 0, got %
--   22023 p_file_format must be jsonl or array, got %
-- Example:
--   SELECT * FROM memory_store.import_finish(1, 12, 'jsonl');

CREATE OR REPLACE FUNCTION memory_store.import_finish(p_run_id bigint, p_file_records bigint, p_file_format text)
RETURNS TABLE (source_system text, item text, source_count bigint, target_count bigint, rejected_count bigint,
               mismatch boolean)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
DECLARE
    v_mismatch boolean := false;
    v_row record;
BEGIN
    IF p_file_records IS NULL OR p_file_records < 0 THEN
        RAISE EXCEPTION 'p_file_records must be >= 0, got %', coalesce(p_file_records::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_file_format IS NULL OR p_file_format NOT IN ('jsonl', 'array') THEN
        RAISE EXCEPTION 'p_file_format must be jsonl or array, got %', coalesce(p_file_format, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE memory_store.import_runs r SET file_records = p_file_records, file_format = p_file_format
     WHERE r.run_id = p_run_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no import run %', p_run_id USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM memory_store.import_restore_indexes();
    FOR v_row IN SELECT * FROM memory_store.reconcile(p_run_id) LOOP
        v_mismatch := v_mismatch OR v_row.mismatch;
        source_system := v_row.source_system; item := v_row.item; source_count := v_row.source_count;
        target_count := v_row.target_count; rejected_count := v_row.rejected_count; mismatch := v_row.mismatch;
        RETURN NEXT;
    END LOOP;
    UPDATE memory_store.import_runs r
       SET finished_at = now(),
           status = CASE WHEN v_mismatch THEN 'mismatch' WHEN r.rejected > 0 THEN 'rejects' ELSE 'ok' END,
           status_detail = CASE WHEN v_mismatch
                                THEN format('%s records in the file, %s imported + %s updated + %s unchanged + %s rejected',
                                            p_file_records, r.imported, r.updated, r.skipped, r.rejected) END
     WHERE r.run_id = p_run_id;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_finish(p_run_id bigint, p_file_records bigint, p_file_format text) IS 'Legacy import: end a run with the file''s record count (the ground truth): rebuild deferred indexes, reconcile (its rows are returned), set finished_at and the status ok / rejects / mismatch. Example: SELECT * FROM memory_store.import_finish(1, 12, ''jsonl'');';
