-- memory_store.import_keys(p_run_id bigint) RETURNS TABLE(line_number
--     integer, item text, key text, part text, found boolean)
--
-- For the reconciliation, set-based over a run: every key that the
-- applied records of the run (memory_store.import_applied) name, per item
-- of the run's system (sessions, turns, tags; context items, sessions,
-- tags, embeddings; users, entities, interactions, skills), the record and
-- the part of it the key comes from ('' = the record) and whether the key
-- is in the tables.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT * FROM memory_store.import_keys(1);

CREATE OR REPLACE FUNCTION memory_store.import_keys(p_run_id bigint)
RETURNS TABLE (line_number integer, item text, key text, part text, found boolean)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
DECLARE
    v_system text := (SELECT r.source_system FROM memory_store.import_runs r WHERE r.run_id = p_run_id);
BEGIN
    IF v_system = 'SessionMemoryAgent' THEN
        RETURN QUERY
        WITH turns AS (
            SELECT a.line_number, memory_store.import_turn_id(a.j ->> 'session_id', (h.ord - 1)::integer) AS id,
                   h.e ->> 'role' AS role, format('conversation_history[%s]', h.ord - 1) AS part
              FROM memory_store.import_applied(p_run_id) a
             CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(a.j -> 'conversation_history') = 'array'
                                                          THEN a.j -> 'conversation_history' ELSE '[]' END)
                                WITH ORDINALITY AS h(e, ord)
             WHERE a.j ->> 'session_id' IS NOT NULL)
        SELECT a.line_number, 'sessions', a.j ->> 'session_id', '',
               EXISTS (SELECT 1 FROM memory_store.sessions x WHERE x.session_id = a.j ->> 'session_id')
          FROM memory_store.import_applied(p_run_id) a WHERE a.j ->> 'session_id' IS NOT NULL
        UNION ALL
        SELECT t.line_number, 'turns', t.id, t.part,
               EXISTS (SELECT 1 FROM memory_store.memory_entries x WHERE x.memory_id = t.id AND x.memory_type = 'conversation')
          FROM turns t
        UNION ALL
        SELECT t.line_number, 'tags', t.id || ' ' || t.role, t.part,
               EXISTS (SELECT 1 FROM memory_store.memory_tags x WHERE x.memory_id = t.id AND x.tag = t.role)
          FROM turns t WHERE t.role IS NOT NULL;
    ELSIF v_system = 'contextual_memory_pc2' THEN
        RETURN QUERY
        SELECT a.line_number, 'context items', a.j ->> 'context_id', '',
               EXISTS (SELECT 1 FROM memory_store.memory_entries x
                        WHERE x.memory_id = a.j ->> 'context_id' AND x.memory_type = 'context')
          FROM memory_store.import_applied(p_run_id) a WHERE a.j ->> 'context_id' IS NOT NULL
        UNION ALL
        SELECT a.line_number, 'sessions', a.j ->> 'session_id', '',
               EXISTS (SELECT 1 FROM memory_store.sessions x WHERE x.session_id = a.j ->> 'session_id')
          FROM memory_store.import_applied(p_run_id) a WHERE a.j ->> 'session_id' IS NOT NULL
        UNION ALL
        SELECT a.line_number, 'tags', (a.j ->> 'context_id') || ' ' || (t #>> '{}'), '',
               EXISTS (SELECT 1 FROM memory_store.memory_tags x WHERE x.memory_id = a.j ->> 'context_id' AND x.tag = t #>> '{}')
          FROM memory_store.import_applied(p_run_id) a
         CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(a.j -> 'tags') = 'array' THEN a.j -> 'tags' ELSE '[]' END) AS t
         WHERE a.j ->> 'context_id' IS NOT NULL
        UNION ALL
        SELECT a.line_number, 'embeddings',
               (a.j ->> 'context_id') || ' ' || coalesce(a.j ->> 'embedding_model', 'text-embedding-ada-002'), '',
               EXISTS (SELECT 1 FROM memory_store.vector_embeddings x
                        WHERE x.memory_id = a.j ->> 'context_id'
                          AND x.embedding_model = coalesce(a.j ->> 'embedding_model', 'text-embedding-ada-002'))
          FROM memory_store.import_applied(p_run_id) a WHERE a.j ->> 'context_id' IS NOT NULL AND a.j -> 'embedding' = 'true';
    ELSE
        RETURN QUERY
        WITH entities AS (
            SELECT a.line_number, a.j ->> 'user_id' AS user_id, n AS name
              FROM memory_store.import_applied(p_run_id) a
             CROSS JOIN LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(a.j -> 'entity_knowledge') = 'object'
                                                       THEN a.j -> 'entity_knowledge' ELSE '{}' END) AS n
             WHERE a.j ->> 'user_id' IS NOT NULL
            UNION ALL
            SELECT a.line_number, a.j ->> 'user_id', coalesce(l ->> 'entity', l ->> 'name')
              FROM memory_store.import_applied(p_run_id) a
             CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(a.j -> 'entity_knowledge') = 'array'
                                                          THEN a.j -> 'entity_knowledge' ELSE '[]' END) AS l
             WHERE a.j ->> 'user_id' IS NOT NULL AND jsonb_typeof(l) = 'object'
               AND coalesce(l ->> 'entity', l ->> 'name') IS NOT NULL)
        SELECT a.line_number, 'users', a.j ->> 'user_id', '',
               EXISTS (SELECT 1 FROM memory_store.user_profiles x WHERE x.user_id = a.j ->> 'user_id')
          FROM memory_store.import_applied(p_run_id) a WHERE a.j ->> 'user_id' IS NOT NULL
        UNION ALL
        SELECT e.line_number, 'entities', memory_store.import_entity_id(e.user_id, e.name),
               format('entity_knowledge[%s]', e.name),
               EXISTS (SELECT 1 FROM memory_store.memory_entries x
                        WHERE x.memory_id = memory_store.import_entity_id(e.user_id, e.name) AND x.memory_type = 'entity')
          FROM entities e
        UNION ALL
        SELECT a.line_number, 'interactions', memory_store.import_interaction_id(a.j ->> 'user_id', (h.ord - 1)::integer),
               format('interaction_history[%s]', h.ord - 1),
               EXISTS (SELECT 1 FROM memory_store.memory_entries x
                        WHERE x.memory_id = memory_store.import_interaction_id(a.j ->> 'user_id', (h.ord - 1)::integer)
                          AND x.memory_type = 'interaction')
          FROM memory_store.import_applied(p_run_id) a
         CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(a.j -> 'interaction_history') = 'array'
                                                      THEN a.j -> 'interaction_history' ELSE '[]' END) WITH ORDINALITY AS h(e, ord)
         WHERE a.j ->> 'user_id' IS NOT NULL
        UNION ALL
        SELECT a.line_number, 'skills', k || ' ' || (a.j ->> 'user_id'), '',
               EXISTS (SELECT 1 FROM memory_store.agent_states x
                        WHERE x.agent_id = k AND x.session_id IS NULL AND x.user_id = (a.j ->> 'user_id'))
          FROM memory_store.import_applied(p_run_id) a
         CROSS JOIN LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(a.j -> 'skill_states') = 'object'
                                                   THEN a.j -> 'skill_states' ELSE '{}' END) AS k
         WHERE a.j ->> 'user_id' IS NOT NULL;
    END IF;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_keys(p_run_id bigint) IS 'Legacy import: the keys the applied records of a run name, per item of its system, with their record, part and whether they are in the tables (for reconcile). Example: SELECT * FROM memory_store.import_keys(1);';
