-- memory_store.reconcile(p_run_id bigint) RETURNS TABLE(source_system text,
--     item text, source_count bigint, target_count bigint, rejected_count
--     bigint, mismatch boolean)
--
-- Legacy import: first the row "records": source = the records the reader
-- found in the file (import_finish records it; before that, the staged
-- ones), target = imported + updated + unchanged (superseded included),
-- rejected = rejected records; mismatch when source <> target + rejected,
-- when the staged records are not the file's, or when one is still
-- pending. Then per item of the run's system: the distinct keys the
-- applied records name, how many are in the tables, how many are missing
-- because their record or part was rejected, and the mismatch flag.
--
-- Errors:
--   22023 no import run %
--   22023 import run % has no staged records (purged, or not staged yet)
-- Example:
--   SELECT * FROM memory_store.reconcile(1);

CREATE OR REPLACE FUNCTION memory_store.reconcile(p_run_id bigint)
RETURNS TABLE (source_system text, item text, source_count bigint, target_count bigint, rejected_count bigint,
               mismatch boolean)
LANGUAGE plpgsql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
DECLARE
    v_run memory_store.import_runs%ROWTYPE;
BEGIN
    SELECT * INTO v_run FROM memory_store.import_runs r WHERE r.run_id = p_run_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no import run %', p_run_id USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM memory_store.import_staging s WHERE s.run_id = p_run_id)
       AND v_run.file_records IS DISTINCT FROM 0 THEN
        RAISE EXCEPTION 'import run % has no staged records (purged, or not staged yet)', p_run_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    RETURN QUERY
    SELECT v_run.source_system, 'records'::text, coalesce(v_run.file_records, count(*)),
           count(*) FILTER (WHERE s.status IN ('imported', 'updated', 'skipped', 'superseded')),
           count(*) FILTER (WHERE s.status = 'rejected'),
           coalesce(v_run.file_records, count(*)) <> count(*) OR count(*) FILTER (WHERE s.status IS NULL) > 0
      FROM memory_store.import_staging s WHERE s.run_id = p_run_id;
    RETURN QUERY
    WITH k AS (
        SELECT k.item, k.key, k.found,
               EXISTS (SELECT 1 FROM memory_store.import_rejects x
                        WHERE x.run_id = p_run_id AND x.line_number = k.line_number AND x.part IN ('', k.part)) AS rejected
          FROM memory_store.import_keys(p_run_id) AS k),
    g AS (SELECT k.item, count(*) AS n_source, count(*) FILTER (WHERE k.found) AS n_target,
                 count(*) FILTER (WHERE NOT k.found AND k.rejected) AS n_rejected
            FROM (SELECT k.item, k.key, bool_or(k.found) AS found, bool_and(k.rejected) AS rejected
                    FROM k GROUP BY k.item, k.key) AS k
           GROUP BY k.item)
    SELECT v_run.source_system, i.name, coalesce(g.n_source, 0), coalesce(g.n_target, 0), coalesce(g.n_rejected, 0),
           coalesce(g.n_source <> g.n_target + g.n_rejected, false)
      FROM unnest(CASE v_run.source_system
                      WHEN 'SessionMemoryAgent' THEN ARRAY['sessions', 'turns', 'tags']
                      WHEN 'contextual_memory_pc2' THEN ARRAY['context items', 'sessions', 'tags', 'embeddings']
                      ELSE ARRAY['users', 'entities', 'interactions', 'skills'] END) WITH ORDINALITY AS i(name, pos)
      LEFT JOIN g ON g.item = i.name
     ORDER BY i.pos;
END
$fn$;

COMMENT ON FUNCTION memory_store.reconcile(p_run_id bigint) IS 'Legacy import: records in the file against imported + updated + unchanged + rejected, then per item of the run''s legacy system source count (distinct keys the applied records name), target count (those keys in the tables), rejected count (missing because their record or part was rejected), mismatch flag. Example: SELECT * FROM memory_store.reconcile(1);';
