-- Revert memory-orchestrator:tenancy_columns from pg
-- Back to one global state per agent: if several users hold a global state
-- of the same agent, the revert stops (choosing which to delete is not a
-- script's decision) and names them.
BEGIN;

DO $$
DECLARE
    v_agents text;
BEGIN
    SELECT string_agg(DISTINCT a.agent_id, ', ') INTO v_agents
      FROM memory_store.agent_states a
     WHERE a.session_id IS NULL
     GROUP BY a.agent_id
    HAVING count(*) > 1;
    IF v_agents IS NOT NULL THEN
        RAISE EXCEPTION 'agents with a global state for several users: %', v_agents
            USING ERRCODE = 'unique_violation',
                  HINT = 'keep one global state (session_id NULL) per agent in memory_store.agent_states, then revert again';
    END IF;
END
$$;

SET LOCAL ROLE memory_owner;

DROP TRIGGER sessions_merge_agent_states ON memory_store.sessions;
DROP TRIGGER memory_entries_propagate_user_id ON memory_store.memory_entries;
DROP TRIGGER sessions_propagate_user_id ON memory_store.sessions;
DROP TRIGGER agent_states_set_user_id ON memory_store.agent_states;
DROP TRIGGER memory_relationships_set_user_id ON memory_store.memory_relationships;
DROP TRIGGER vector_embeddings_set_user_id ON memory_store.vector_embeddings;
DROP TRIGGER memory_tags_set_user_id ON memory_store.memory_tags;
DROP TRIGGER memory_entries_set_user_id ON memory_store.memory_entries;

RESET ROLE;
DROP FUNCTION memory_store.sessions_merge_agent_states();
DROP FUNCTION memory_store.memory_entries_propagate_user_id();
DROP FUNCTION memory_store.sessions_propagate_user_id();
DROP FUNCTION memory_store.agent_states_set_user_id();
DROP FUNCTION memory_store.memory_relationships_set_user_id();
DROP FUNCTION memory_store.set_user_id_from_memory();
DROP FUNCTION memory_store.memory_entries_set_user_id();
SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/sessions_merge_agent_states.v1.sql
CREATE TRIGGER sessions_merge_agent_states
    BEFORE DELETE ON memory_store.sessions
    FOR EACH ROW EXECUTE FUNCTION memory_store.sessions_merge_agent_states();

ALTER TABLE memory_store.agent_states
    DROP CONSTRAINT unique_agent_session,
    ADD CONSTRAINT unique_agent_session UNIQUE NULLS NOT DISTINCT (agent_id, session_id);

ALTER TABLE memory_store.agent_states DROP COLUMN user_id;
ALTER TABLE memory_store.memory_relationships DROP COLUMN user_id;
ALTER TABLE memory_store.vector_embeddings DROP COLUMN user_id;
ALTER TABLE memory_store.memory_tags DROP COLUMN user_id;
ALTER TABLE memory_store.memory_entries DROP COLUMN user_id;

COMMIT;
