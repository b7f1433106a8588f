-- Verify memory-orchestrator:tenancy_columns on pg
BEGIN;

SELECT user_id FROM memory_store.memory_entries WHERE false;
SELECT user_id FROM memory_store.memory_tags WHERE false;
SELECT user_id FROM memory_store.vector_embeddings WHERE false;
SELECT user_id FROM memory_store.memory_relationships WHERE false;
SELECT user_id FROM memory_store.agent_states WHERE false;

DO $$
DECLARE
    v_missing text;
BEGIN
    SELECT string_agg(t.name, ', ') INTO v_missing
      FROM unnest(ARRAY['memory_entries_set_user_id', 'memory_tags_set_user_id', 'vector_embeddings_set_user_id',
                        'memory_relationships_set_user_id', 'agent_states_set_user_id',
                        'sessions_propagate_user_id', 'memory_entries_propagate_user_id',
                        'sessions_merge_agent_states']) AS t(name)
     WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger g
                        JOIN pg_catalog.pg_proc p ON p.oid = g.tgfoid
                       -- write_path_plans folds the embedding's into vector_embeddings_from_memory
                       WHERE (g.tgname = t.name OR (t.name = 'vector_embeddings_set_user_id'
                                                    AND g.tgname = 'vector_embeddings_from_memory'))
                         AND g.tgparentid = 0 AND g.tgenabled = 'O'
                         AND p.proowner = 'memory_maintainer'::regrole);
    IF v_missing IS NOT NULL THEN
        RAISE EXCEPTION 'ownership triggers missing, disabled or not owned by memory_maintainer: %', v_missing;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint
                    WHERE conname = 'unique_agent_session' AND conrelid = 'memory_store.agent_states'::regclass
                      AND pg_catalog.pg_get_constraintdef(oid) = 'UNIQUE NULLS NOT DISTINCT (agent_id, session_id, user_id)') THEN
        RAISE EXCEPTION 'agent_states.unique_agent_session is not (agent_id, session_id, user_id) NULLS NOT DISTINCT';
    END IF;
END
$$;

ROLLBACK;
