-- memory_store.archive_mark_sessions_batch(p_batch_size integer,
--     p_after_ended interval, p_after_idle interval) RETURNS bigint
--
-- One batch of marking: up to p_batch_size sessions, not archived yet, that
-- ended longer than p_after_ended ago and saw no activity since (updated_at),
-- or saw none for p_after_idle; NULL switches a rule off. Sessions a writer
-- holds are skipped (next batch or run). updated_at keeps its value (plus
-- one microsecond: the updated_at trigger replaces an unchanged value with
-- now(), and the session's last activity is what it should keep showing).
--
-- Errors:
--   22004, 22023 batch size outside 1..100000 or a negative age.
-- Example:
--   SELECT memory_store.archive_mark_sessions_batch(1000, interval '30 days', interval '90 days');

CREATE OR REPLACE FUNCTION memory_store.archive_mark_sessions_batch(p_batch_size integer, p_after_ended interval,
                                                         p_after_idle interval)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_batch integer := memory_store.archive_batch_size(memory_store.require('batch_size', p_batch_size));
    v_rows  bigint;
BEGIN
    IF p_after_ended < interval '0' OR p_after_idle < interval '0' THEN
        RAISE EXCEPTION 'archive ages must not be negative, got % and %', p_after_ended, p_after_idle
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_after_ended IS NULL AND p_after_idle IS NULL THEN
        RETURN 0::bigint;
    END IF;
    WITH due AS (
        SELECT s.session_id
          FROM memory_store.sessions s
         WHERE NOT s.is_archived
           AND ((s.ended_at < now() - p_after_ended AND s.updated_at < now() - p_after_ended)
                OR s.updated_at < now() - p_after_idle)
         LIMIT v_batch
           FOR NO KEY UPDATE SKIP LOCKED)
    UPDATE memory_store.sessions s
       SET is_archived = true,
           updated_at = s.updated_at + interval '1 microsecond'
      FROM due
     WHERE s.session_id = due.session_id;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END
$fn$;

COMMENT ON FUNCTION memory_store.archive_mark_sessions_batch(p_batch_size integer, p_after_ended interval, p_after_idle interval) IS 'One batch of the archive job: marks up to p_batch_size sessions is_archived that ended more than p_after_ended ago with no activity since, or had no activity (updated_at) for p_after_idle; NULL switches a rule off; skips sessions a writer holds. Returns sessions marked. Errors: 22004, 22023 batch size outside 1..100000 or a negative age.
Example: SELECT memory_store.archive_mark_sessions_batch(1000, interval ''30 days'', interval ''90 days'');';
