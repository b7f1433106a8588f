-- memory_store.memory_access_logs_append_only() RETURNS trigger
--
-- memory_store.memory_access_logs_append_only(): the access log is append-only.
--
-- BEFORE UPDATE OR DELETE, FOR EACH ROW, on memory_store.memory_access_logs
-- (cloned to every partition). Nobody holds UPDATE or DELETE on the log (not
-- even the auditor); this trigger also holds the table owner, SECURITY
-- DEFINER functions and superusers who do not disable it.
--   DELETE: always rejected, SQLSTATE 42501. Old months leave the log by
--           DETACH PARTITION + DROP TABLE of their partition (no row trigger
--           fires), which is the retention path.
--   UPDATE: allowed only
--           - when it does what the foreign keys' ON DELETE SET NULL does:
--             memory_id and/or session_id become NULL because the row they
--             referenced (memory_registry / sessions) no longer exists, and
--             every other column stays as it was; or
--           - as the redaction of an erased user's row, inside
--             memory_store.erase_user (memory_store.erasure_in_progress()
--             names its receipt): user_id, memory_id, session_id and
--             error_message become NULL, request_data becomes
--             {"redacted": "erasure", "receipt_id": <its receipt>}, every
--             other column stays as it was.
--           Anything else: SQLSTATE 42501.
-- TRUNCATE of the whole log is rejected by a statement trigger (same function).
--
-- Errors:
--   42501 memory_store.memory_access_logs is append-only: an update may
--   only null memory_id or session_id whose row was deleted
-- Example:
--   DELETE FROM memory_store.memory_access_logs;  -- ERROR 42501

CREATE OR REPLACE FUNCTION memory_store.memory_access_logs_append_only()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_receipt  bigint;
    v_redacted constant text[] := ARRAY['user_id', 'memory_id', 'session_id', 'error_message', 'request_data'];
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF (to_jsonb(NEW) - 'memory_id' - 'session_id') = (to_jsonb(OLD) - 'memory_id' - 'session_id')
           AND (NEW.memory_id IS NOT DISTINCT FROM OLD.memory_id
                OR (NEW.memory_id IS NULL
                    AND NOT EXISTS (SELECT 1 FROM memory_store.memory_registry r
                                     WHERE r.memory_id = OLD.memory_id)))
           AND (NEW.session_id IS NOT DISTINCT FROM OLD.session_id
                OR (NEW.session_id IS NULL
                    AND NOT EXISTS (SELECT 1 FROM memory_store.sessions s
                                     WHERE s.session_id = OLD.session_id)))
        THEN
            RETURN NEW;
        END IF;
        v_receipt := memory_store.erasure_in_progress();
        IF v_receipt IS NOT NULL
           AND (to_jsonb(NEW) - v_redacted) = (to_jsonb(OLD) - v_redacted)
           AND num_nonnulls(NEW.user_id, NEW.memory_id, NEW.session_id, NEW.error_message) = 0
           AND NEW.request_data = jsonb_build_object('redacted', 'erasure', 'receipt_id', v_receipt) THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'memory_store.memory_access_logs is append-only: an update may only null memory_id or session_id whose row was deleted'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RAISE EXCEPTION 'memory_store.memory_access_logs is append-only: % is not allowed (retire old months by detaching and dropping their partitions)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$fn$;

COMMENT ON FUNCTION memory_store.memory_access_logs_append_only() IS 'Trigger function: memory_access_logs is append-only (DELETE, TRUNCATE and updates other than the foreign keys'' SET NULL and the redaction by memory_store.erase_user raise 42501).
Example: DELETE FROM memory_store.memory_access_logs;  -- ERROR 42501';
