-- memory_store.touch_sessions_of_new_rows() RETURNS trigger
--
-- AFTER INSERT / UPDATE on memory_entries, once per statement: writing a
-- memory moves its session's updated_at. Statement-level with a transition
-- table, so a bulk write touches each session once, not once per row. Not
-- while a legacy import maps records (memory_store.import_run sets
-- memory_store.importing for its transaction): there a session's updated_at
-- is the source's last_interaction, whatever memories arrive later.
--
-- Errors:
--   none of its own
-- Example:
--   trigger memory_entries_touch_session_insert AFTER INSERT ON memory_store.memory_entries REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION memory_store.touch_sessions_of_new_rows()  (and 1 more)

CREATE OR REPLACE FUNCTION memory_store.touch_sessions_of_new_rows()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF current_setting('memory_store.importing', true) = 'on' THEN
        RETURN NULL;
    END IF;
    UPDATE memory_store.sessions s
       SET updated_at = now()
     WHERE s.session_id IN (SELECT DISTINCT n.session_id FROM new_rows n WHERE n.session_id IS NOT NULL)
       AND s.updated_at < now();
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION memory_store.touch_sessions_of_new_rows() IS 'Trigger: AFTER INSERT/UPDATE FOR EACH STATEMENT on memory_entries; bumps sessions.updated_at of the sessions written to (not during a legacy import, where updated_at is the source''s last_interaction).';
