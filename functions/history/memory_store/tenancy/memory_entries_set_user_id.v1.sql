-- memory_store.memory_entries_set_user_id() RETURNS trigger
--
-- memory_entries: BEFORE INSERT OR UPDATE OF session_id, user_id.
--
-- Errors:
--   none of its own
-- Example:
--   trigger memory_entries_set_user_id BEFORE INSERT OR UPDATE OF session_id, user_id ON memory_store.memory_entries FOR EACH ROW EXECUTE FUNCTION memory_store.memory_entries_set_user_id()

CREATE OR REPLACE FUNCTION memory_store.memory_entries_set_user_id()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF NEW.session_id IS NOT NULL THEN
        NEW.user_id := (SELECT s.user_id FROM memory_store.sessions s WHERE s.session_id = NEW.session_id);
    ELSIF TG_OP = 'INSERT' THEN
        NEW.user_id := coalesce(NEW.user_id, memory_store.current_tenant());
    END IF;
    -- A new owner only (its session changed hands): not an edit of the
    -- memory, so updated_at (set by memory_entries_set_updated_at, which
    -- fires before this trigger) stays, and with it the soft-delete grace.
    IF TG_OP = 'UPDATE' AND NEW.user_id IS DISTINCT FROM OLD.user_id
       AND (to_jsonb(NEW) - '{user_id,updated_at,text_content}'::text[])
           = (to_jsonb(OLD) - '{user_id,updated_at,text_content}'::text[]) THEN
        NEW.updated_at := OLD.updated_at;
    END IF;
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION memory_store.memory_entries_set_user_id() IS 'Trigger: BEFORE INSERT OR UPDATE OF session_id, user_id on memory_entries; user_id = the session''s user, or (no session) the tenant the writer acts for.';
