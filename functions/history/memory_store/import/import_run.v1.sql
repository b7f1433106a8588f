-- memory_store.import_run(p_run_id bigint, p_limit integer DEFAULT
--     NULL::integer) RETURNS TABLE(processed integer, imported integer,
--     updated integer, skipped integer, rejected integer, remaining bigint)
--
-- Process up to p_limit pending staged records of a run (all when NULL), in
-- line order, each in its own subtransaction. Call it repeatedly with a limit
-- to commit in batches and show progress; it returns what this call did and
-- how many records remain.
--
-- Errors:
--   22023 no import run %
--   through the functions it calls: 22001, 22007, 22008, 23505, 39004,
--   54000
-- Example:
--   SELECT * FROM memory_store.import_run(1, 500);

CREATE OR REPLACE FUNCTION memory_store.import_run(p_run_id bigint, p_limit integer DEFAULT NULL)
RETURNS TABLE (processed integer, imported integer, updated integer, skipped integer, rejected integer, remaining bigint)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_system text;
    v_record record;
    v_status text;
    v_state text;
    v_message text;
    v_detail text;
BEGIN
    SELECT r.source_system INTO v_system FROM memory_store.import_runs r WHERE r.run_id = p_run_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no import run %', p_run_id USING ERRCODE = 'invalid_parameter_value';
    END IF;
    processed := 0; imported := 0; updated := 0; skipped := 0; rejected := 0;
    FOR v_record IN
        SELECT s.line_number, s.raw FROM memory_store.import_staging s
         WHERE s.run_id = p_run_id AND s.status IS NULL
         ORDER BY s.line_number
         LIMIT p_limit
    LOOP
        BEGIN
            v_status := CASE v_system
                WHEN 'SessionMemoryAgent' THEN memory_store.import_session_memory_agent_record(v_record.raw::jsonb)
                WHEN 'contextual_memory_pc2' THEN memory_store.import_contextual_memory_record(v_record.raw::jsonb)
                WHEN 'jarvis_memory_pc2' THEN memory_store.import_jarvis_memory_record(v_record.raw::jsonb)
            END;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
            v_status := 'rejected';
            INSERT INTO memory_store.import_rejects (run_id, line_number, sqlstate, reason, raw_excerpt)
            VALUES (p_run_id, v_record.line_number, v_state,
                    v_message || coalesce(' (' || nullif(v_detail, '') || ')', ''), left(v_record.raw, 200))
            ON CONFLICT (run_id, line_number) DO UPDATE
               SET sqlstate = EXCLUDED.sqlstate, reason = EXCLUDED.reason, raw_excerpt = EXCLUDED.raw_excerpt;
        END;
        UPDATE memory_store.import_staging s SET status = v_status
         WHERE s.run_id = p_run_id AND s.line_number = v_record.line_number;
        processed := processed + 1;
        CASE v_status
            WHEN 'imported' THEN imported := imported + 1;
            WHEN 'updated' THEN updated := updated + 1;
            WHEN 'skipped' THEN skipped := skipped + 1;
            ELSE rejected := rejected + 1;
        END CASE;
    END LOOP;
    SELECT count(*) INTO remaining FROM memory_store.import_staging s WHERE s.run_id = p_run_id AND s.status IS NULL;
    UPDATE memory_store.import_runs r
       SET imported = r.imported + import_run.imported, updated = r.updated + import_run.updated,
           skipped = r.skipped + import_run.skipped, rejected = r.rejected + import_run.rejected,
           finished_at = CASE WHEN remaining = 0 THEN now() END
     WHERE r.run_id = p_run_id;
    RETURN NEXT;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_run(p_run_id bigint, p_limit integer) IS 'Legacy import: process up to p_limit pending staged records of a run (NULL = all), each in its own subtransaction; bad records go to memory_store.import_rejects. Example: SELECT * FROM memory_store.import_run(1, 500);';
