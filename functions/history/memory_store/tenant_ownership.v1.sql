-- Ownership columns: every user-owned row carries the user it belongs to
-- (user_id), so that each row-level security policy is one comparison on
-- the row itself (no join, no per-row sub-query). The column is derived,
-- never chosen by a caller: these BEFORE triggers fill it from the parent
-- and AFTER triggers carry a change of owner down to the children.
--   sessions.user_id            the owner (seed column)
--   memory_entries.user_id      its session's user; without a session the
--                               user the session acts for (current_tenant)
--   memory_tags / vector_embeddings / memory_relationships.user_id
--                               their memory's (a relationship: its source's)
--   agent_states.user_id        its session's user; a global state (no
--                               session): the user the writer acts for
-- The functions are owned by memory_maintainer (BYPASSRLS): the owner of a
-- parent row must be read whatever the session may see; the policies then
-- decide whether the new row may be written (WITH CHECK).

-- memory_entries: BEFORE INSERT OR UPDATE OF session_id, user_id.
CREATE FUNCTION memory_store.memory_entries_set_user_id()
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

COMMENT ON FUNCTION memory_store.memory_entries_set_user_id() IS
'Trigger: BEFORE INSERT OR UPDATE OF session_id, user_id on memory_entries; user_id = the session''s user, or (no session) the tenant the writer acts for.';

-- memory_tags, vector_embeddings: BEFORE INSERT OR UPDATE OF memory_id, user_id.
CREATE FUNCTION memory_store.set_user_id_from_memory()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    -- The registry knows the memory's created_at: one partition is probed.
    NEW.user_id := (SELECT e.user_id
                      FROM memory_store.memory_registry r
                      JOIN memory_store.memory_entries e ON e.memory_id = r.memory_id AND e.created_at = r.created_at
                     WHERE r.memory_id = NEW.memory_id);
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION memory_store.set_user_id_from_memory() IS
'Trigger: BEFORE INSERT OR UPDATE OF memory_id, user_id on memory_tags and vector_embeddings; user_id = the memory''s.';

-- memory_relationships: BEFORE INSERT OR UPDATE OF source_memory_id, user_id.
CREATE FUNCTION memory_store.memory_relationships_set_user_id()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    NEW.user_id := (SELECT e.user_id
                      FROM memory_store.memory_registry r
                      JOIN memory_store.memory_entries e ON e.memory_id = r.memory_id AND e.created_at = r.created_at
                     WHERE r.memory_id = NEW.source_memory_id);
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION memory_store.memory_relationships_set_user_id() IS
'Trigger: BEFORE INSERT OR UPDATE OF source_memory_id, user_id on memory_relationships; user_id = the source memory''s.';

-- agent_states: BEFORE INSERT OR UPDATE OF session_id, user_id. When a
-- session is deleted its states fall back to session_id NULL (seed: ON
-- DELETE SET NULL) and stay their user's: they become that user's global
-- state of the agent, never everyone's.
CREATE FUNCTION memory_store.agent_states_set_user_id()
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
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION memory_store.agent_states_set_user_id() IS
'Trigger: BEFORE INSERT OR UPDATE OF session_id, user_id on agent_states; user_id = the session''s user, or (global state) the tenant the writer acts for.';

-- sessions: AFTER UPDATE OF user_id, when it changed (a DBA, or an import
-- filling in a stub session): the session's memories and states follow.
CREATE FUNCTION memory_store.sessions_propagate_user_id()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    UPDATE memory_store.memory_entries e SET user_id = NEW.user_id
     WHERE e.session_id = NEW.session_id AND e.user_id IS DISTINCT FROM NEW.user_id;
    UPDATE memory_store.agent_states a SET user_id = NEW.user_id
     WHERE a.session_id = NEW.session_id AND a.user_id IS DISTINCT FROM NEW.user_id;
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION memory_store.sessions_propagate_user_id() IS
'Trigger: AFTER UPDATE OF user_id on sessions; the session''s memories and agent states take the new owner.';

-- memory_entries: AFTER UPDATE OF user_id, when it changed: the memory's
-- tags, embeddings and outgoing relationships follow.
CREATE FUNCTION memory_store.memory_entries_propagate_user_id()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    UPDATE memory_store.memory_tags t SET user_id = NEW.user_id
     WHERE t.memory_id = NEW.memory_id AND t.user_id IS DISTINCT FROM NEW.user_id;
    UPDATE memory_store.vector_embeddings v SET user_id = NEW.user_id
     WHERE v.memory_id = NEW.memory_id AND v.user_id IS DISTINCT FROM NEW.user_id;
    UPDATE memory_store.memory_relationships m SET user_id = NEW.user_id
     WHERE m.source_memory_id = NEW.memory_id AND m.user_id IS DISTINCT FROM NEW.user_id;
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION memory_store.memory_entries_propagate_user_id() IS
'Trigger: AFTER UPDATE OF user_id on memory_entries; the memory''s tags, embeddings and outgoing relationships take the new owner.';
