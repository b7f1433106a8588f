-- memory_store.propagate_user_id() RETURNS trigger
--
-- AFTER UPDATE OF user_id, when it changed (a DBA, or an import filling in
-- a stub session), FOR EACH ROW: the rows that hang off this one take the
-- new owner. Arguments: the key column of this table, then one
-- 'table:column' per child table of schema memory_store whose column holds
-- that key. sessions: session_id, memory_entries:session_id,
-- agent_states:session_id; memory_entries: memory_id, memory_tags:memory_id,
-- vector_embeddings:memory_id, memory_relationships:source_memory_id (the
-- memories' own update fires this again for their children). One dynamic
-- statement per child: an owner changes rarely.
--
-- Errors:
--   none of its own
-- Example:
--   CREATE TRIGGER sessions_propagate_user_id AFTER UPDATE OF user_id ON memory_store.sessions
--       FOR EACH ROW WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id)
--       EXECUTE FUNCTION memory_store.propagate_user_id('session_id', 'memory_entries:session_id', 'agent_states:session_id');

CREATE OR REPLACE FUNCTION memory_store.propagate_user_id()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_key   text := to_jsonb(NEW) ->> TG_ARGV[0];
    v_child text;
BEGIN
    FOREACH v_child IN ARRAY TG_ARGV[1:TG_NARGS - 1] LOOP
        EXECUTE format('UPDATE memory_store.%I c SET user_id = $1 WHERE c.%I = $2 AND c.user_id IS DISTINCT FROM $1',
                       split_part(v_child, ':', 1), split_part(v_child, ':', 2))
          USING NEW.user_id, v_key;
    END LOOP;
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION memory_store.propagate_user_id() IS 'Trigger: AFTER UPDATE OF user_id on sessions and memory_entries; the child tables named by the arguments (table:column holding this row''s key) take the new owner.';
