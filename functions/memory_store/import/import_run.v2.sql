-- memory_store.import_run(p_run_id bigint, p_limit integer DEFAULT
--     NULL::integer) RETURNS TABLE(processed integer, imported integer,
--     updated integer, skipped integer, rejected integer, remaining bigint)
--
-- Process up to p_limit pending staged records of a run (all when NULL), in
-- file order: a batch of new context items in one go
-- (memory_store.import_contextual_batch), otherwise each record in its own
-- subtransaction. Call it repeatedly with a limit
-- to commit in batches and show progress; it returns what this call did and
-- how many records remain. The first call applies the duplicate rule: of
-- the records of the file that name the same key (session_id, context_id,
-- user_id), the last one wins; the earlier ones are marked superseded
-- (counted as skipped and in import_runs.superseded) and never applied. A
-- record the reader could not use (error_sqlstate set), or whose mapping
-- fails, becomes a reject with its position, SQLSTATE and reason; a part
-- rejected alone (a turn, an entity) is a reject with its part. While it
-- runs, writing memories does not touch their sessions' updated_at.
--
-- Errors:
--   22023 no import run %
-- Example:
--   SELECT * FROM memory_store.import_run(1, 500);

CREATE OR REPLACE FUNCTION memory_store.import_run(p_run_id bigint, p_limit integer DEFAULT NULL)
RETURNS TABLE (processed integer, imported integer, updated integer, skipped integer, rejected integer, remaining bigint)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_run memory_store.import_runs%ROWTYPE;
    v_record record;
    v_json jsonb;
    v_result jsonb;
    v_status text;
    v_state text;
    v_message text;
    v_detail text;
    v_superseded integer := 0;
BEGIN
    SELECT * INTO v_run FROM memory_store.import_runs r WHERE r.run_id = p_run_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no import run %', p_run_id USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM set_config('memory_store.importing', 'on', true);
    IF NOT v_run.duplicates_marked THEN
        UPDATE memory_store.import_staging s SET status = 'superseded'
          FROM (SELECT l.line_number, row_number() OVER (PARTITION BY l.record_key ORDER BY l.line_number DESC) AS nth
                  FROM memory_store.import_staging l
                 WHERE l.run_id = p_run_id AND l.record_key IS NOT NULL) AS d
         WHERE s.run_id = p_run_id AND s.line_number = d.line_number AND d.nth > 1 AND s.status IS NULL;
        GET DIAGNOSTICS v_superseded = ROW_COUNT;
    END IF;
    processed := 0; imported := 0; updated := 0; skipped := 0; rejected := 0;
    IF v_run.source_system = 'contextual_memory_pc2' THEN
        BEGIN
            processed := memory_store.import_contextual_batch(p_run_id, p_limit);
        EXCEPTION WHEN OTHERS THEN
            processed := 0;                            -- a bad record in the batch: record by record below
        END;
        imported := processed;
    END IF;
    FOR v_record IN
        SELECT s.line_number, s.raw, s.embedding, s.error_sqlstate, s.error_reason FROM memory_store.import_staging s
         WHERE s.run_id = p_run_id AND s.status IS NULL
         ORDER BY s.line_number
         LIMIT CASE WHEN processed > 0 THEN 0 ELSE p_limit END
    LOOP
        v_json := NULL;
        v_result := NULL;
        IF v_record.error_sqlstate IS NOT NULL THEN
            v_status := 'rejected';
            v_state := v_record.error_sqlstate;
            v_message := v_record.error_reason;
        ELSE
            BEGIN
                v_json := v_record.raw::jsonb;
                v_result := CASE v_run.source_system
                    WHEN 'SessionMemoryAgent' THEN memory_store.import_session_memory_agent_record(v_json)
                    WHEN 'contextual_memory_pc2' THEN memory_store.import_contextual_memory_record(v_json, v_record.embedding)
                    WHEN 'jarvis_memory_pc2' THEN memory_store.import_jarvis_memory_record(v_json)
                END;
                v_status := v_result ->> 'status';
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
                v_status := 'rejected';
                v_message := v_message || coalesce(' (' || nullif(v_detail, '') || ')', '');
            END;
        END IF;
        IF v_status = 'rejected' OR v_result -> 'rejects' <> '[]' THEN
            INSERT INTO memory_store.import_rejects AS r (run_id, line_number, part, sqlstate, reason, raw_excerpt)
            SELECT p_run_id, v_record.line_number, x ->> 'part', x ->> 'sqlstate', x ->> 'reason',
                   CASE WHEN x ->> 'part' = '' THEN left(v_record.raw, 200) END
              FROM jsonb_array_elements(CASE WHEN v_status = 'rejected'
                                             THEN jsonb_build_array(jsonb_build_object('part', '', 'sqlstate', v_state,
                                                                                       'reason', v_message))
                                             ELSE v_result -> 'rejects' END) AS x
            ON CONFLICT (run_id, line_number, part) DO UPDATE
               SET sqlstate = EXCLUDED.sqlstate, reason = EXCLUDED.reason, raw_excerpt = EXCLUDED.raw_excerpt;
        END IF;
        UPDATE memory_store.import_staging s
           SET status = v_status,
               skeleton = CASE WHEN jsonb_typeof(v_json) = 'object'
                               THEN (v_json - 'embedding') || CASE WHEN jsonb_typeof(v_json -> 'embedding') = 'array'
                                                                        OR v_record.embedding IS NOT NULL
                                                                   THEN '{"embedding": true}'::jsonb ELSE '{}' END END
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
           skipped = r.skipped + import_run.skipped + v_superseded, superseded = r.superseded + v_superseded,
           rejected = r.rejected + import_run.rejected, duplicates_marked = true,
           finished_at = CASE WHEN remaining = 0 THEN now() END
     WHERE r.run_id = p_run_id;
    skipped := skipped + v_superseded;
    RETURN NEXT;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_run(p_run_id bigint, p_limit integer) IS 'Legacy import: process up to p_limit pending staged records of a run (NULL = all), each in its own subtransaction, the last record of a key winning; bad records and bad parts go to memory_store.import_rejects. Example: SELECT * FROM memory_store.import_run(1, 500);';
