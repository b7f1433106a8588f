-- Deploy memory-orchestrator:tenancy_columns to pg
-- requires: tenancy_grants
-- requires: maintainer_role
-- requires: api_triggers
-- requires: indexes
-- Tenancy, part 2: every user-owned row says whose it is. memory_entries,
-- memory_tags, vector_embeddings, memory_relationships and agent_states get
-- a user_id column (sessions and user_profiles have one in the seed),
-- derived from the parent by triggers (functions/memory_store/
-- tenant_ownership.v1.sql) and backfilled here. This denormalisation lets
-- every row-level security policy (tenancy_policies) be one comparison of
-- the row's own column with a value computed once per statement, instead of
-- a join to sessions per row (README, "Deviations from the seed").
-- agent_states: one global state (no session) per agent *and user*, so a
-- user's global state is never another user's.
BEGIN;

SET LOCAL ROLE memory_owner;

ALTER TABLE memory_store.memory_entries ADD COLUMN user_id varchar(64);
ALTER TABLE memory_store.memory_tags ADD COLUMN user_id varchar(64);
ALTER TABLE memory_store.vector_embeddings ADD COLUMN user_id varchar(64);
ALTER TABLE memory_store.memory_relationships ADD COLUMN user_id varchar(64);
ALTER TABLE memory_store.agent_states ADD COLUMN user_id varchar(64);

COMMENT ON COLUMN memory_store.memory_entries.user_id IS
    'Owner (tenancy): the session''s user_id, or, without a session, the user the writer acted for; set by trigger, never by callers';
COMMENT ON COLUMN memory_store.memory_tags.user_id IS 'Owner (tenancy): the memory''s user_id; set by trigger';
COMMENT ON COLUMN memory_store.vector_embeddings.user_id IS 'Owner (tenancy): the memory''s user_id; set by trigger';
COMMENT ON COLUMN memory_store.memory_relationships.user_id IS 'Owner (tenancy): the source memory''s user_id; set by trigger';
COMMENT ON COLUMN memory_store.agent_states.user_id IS
    'Owner (tenancy): the session''s user_id, or, for a global state, the user the writer acted for (NULL: nobody''s, seen only by maintenance); set by trigger';

-- One global state per agent and user (the seed's one per agent would make
-- every user share it). A session determines its user, so per-session
-- states are still one per agent and session. ON CONFLICT ON CONSTRAINT
-- unique_agent_session keeps working under the same name.
ALTER TABLE memory_store.agent_states
    DROP CONSTRAINT unique_agent_session,
    ADD CONSTRAINT unique_agent_session UNIQUE NULLS NOT DISTINCT (agent_id, session_id, user_id);

\ir ../functions/history/memory_store/tenant_ownership.v1.sql
DROP TRIGGER sessions_merge_agent_states ON memory_store.sessions;
DROP FUNCTION memory_store.sessions_merge_agent_states();
\ir ../functions/history/memory_store/sessions_merge_agent_states.v2.sql

-- BEFORE triggers fire in name order: *_set_user_id after *_set_updated_at,
-- which memory_entries_set_user_id relies on.
CREATE TRIGGER memory_entries_set_user_id
    BEFORE INSERT OR UPDATE OF session_id, user_id ON memory_store.memory_entries
    FOR EACH ROW EXECUTE FUNCTION memory_store.memory_entries_set_user_id();
CREATE TRIGGER memory_tags_set_user_id
    BEFORE INSERT OR UPDATE OF memory_id, user_id ON memory_store.memory_tags
    FOR EACH ROW EXECUTE FUNCTION memory_store.set_user_id_from_memory();
CREATE TRIGGER vector_embeddings_set_user_id
    BEFORE INSERT OR UPDATE OF memory_id, user_id ON memory_store.vector_embeddings
    FOR EACH ROW EXECUTE FUNCTION memory_store.set_user_id_from_memory();
CREATE TRIGGER memory_relationships_set_user_id
    BEFORE INSERT OR UPDATE OF source_memory_id, user_id ON memory_store.memory_relationships
    FOR EACH ROW EXECUTE FUNCTION memory_store.memory_relationships_set_user_id();
CREATE TRIGGER agent_states_set_user_id
    BEFORE INSERT OR UPDATE OF session_id, user_id ON memory_store.agent_states
    FOR EACH ROW EXECUTE FUNCTION memory_store.agent_states_set_user_id();
CREATE TRIGGER sessions_propagate_user_id
    AFTER UPDATE OF user_id ON memory_store.sessions
    FOR EACH ROW WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id)
    EXECUTE FUNCTION memory_store.sessions_propagate_user_id();
CREATE TRIGGER memory_entries_propagate_user_id
    AFTER UPDATE OF user_id ON memory_store.memory_entries
    FOR EACH ROW WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id)
    EXECUTE FUNCTION memory_store.memory_entries_propagate_user_id();
CREATE TRIGGER sessions_merge_agent_states
    BEFORE DELETE ON memory_store.sessions
    FOR EACH ROW EXECUTE FUNCTION memory_store.sessions_merge_agent_states();

RESET ROLE;

-- Functions that must see every tenant belong to memory_maintainer (BYPASSRLS).
ALTER FUNCTION memory_store.memory_entries_set_user_id() OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.set_user_id_from_memory() OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.memory_relationships_set_user_id() OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.agent_states_set_user_id() OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.sessions_propagate_user_id() OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.memory_entries_propagate_user_id() OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.sessions_merge_agent_states() OWNER TO memory_maintainer;
-- memory_owner creates the partitions, and attaching one clones the parent's
-- triggers, which needs EXECUTE on their functions.
GRANT EXECUTE ON FUNCTION
    memory_store.memory_entries_set_user_id(), memory_store.set_user_id_from_memory(),
    memory_store.memory_relationships_set_user_id(), memory_store.agent_states_set_user_id(),
    memory_store.sessions_propagate_user_id(), memory_store.memory_entries_propagate_user_id(),
    memory_store.sessions_merge_agent_states()
TO memory_owner;

-- Backfill existing rows, parents first, without firing any trigger (the
-- rows' updated_at, the sessions' touch and NOTIFY stay as they are):
-- session_replication_role = replica, which a superuser (sqitch deploy) may set.
-- Without a superuser (managed PostgreSQL) the setting is refused: the
-- triggers then fire, which only matters for rows older than tenancy.
SELECT r.rolsuper AS deploying_superuser FROM pg_catalog.pg_roles r WHERE r.rolname = current_user \gset
\if :deploying_superuser
SET LOCAL session_replication_role = replica;
\endif
UPDATE memory_store.memory_entries e SET user_id = s.user_id
  FROM memory_store.sessions s
 WHERE s.session_id = e.session_id AND s.user_id IS NOT NULL;
UPDATE memory_store.memory_tags t SET user_id = e.user_id
  FROM memory_store.memory_entries e
 WHERE e.memory_id = t.memory_id AND e.user_id IS NOT NULL;
UPDATE memory_store.vector_embeddings v SET user_id = e.user_id
  FROM memory_store.memory_entries e
 WHERE e.memory_id = v.memory_id AND e.user_id IS NOT NULL;
UPDATE memory_store.memory_relationships m SET user_id = e.user_id
  FROM memory_store.memory_entries e
 WHERE e.memory_id = m.source_memory_id AND e.user_id IS NOT NULL;
UPDATE memory_store.agent_states a SET user_id = s.user_id
  FROM memory_store.sessions s
 WHERE s.session_id = a.session_id AND s.user_id IS NOT NULL;
\if :deploying_superuser
SET LOCAL session_replication_role = origin;
\endif

COMMIT;
