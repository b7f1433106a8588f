-- memory_store.import_keys(p_system text, p_record jsonb) RETURNS
--     TABLE(pos integer, item text, key text, part text, found boolean)
--
-- For the reconciliation: every key a legacy record names, per item of its
-- system (sessions, turns, tags; context items, sessions, tags, embeddings;
-- users, entities, interactions, skills), the part of the record it comes
-- from ('' = the record) and whether it is in the tables.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT * FROM memory_store.import_keys('contextual_memory_pc2', '{"context_id": "c-1", "tags": ["a"]}');

CREATE OR REPLACE FUNCTION memory_store.import_keys(p_system text, p_record jsonb)
RETURNS TABLE (pos integer, item text, key text, part text, found boolean)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    WITH r AS (SELECT p_record AS j WHERE jsonb_typeof(p_record) = 'object'),
    turns AS (
        SELECT memory_store.import_turn_id(j ->> 'session_id', (ord - 1)::integer) AS id, e ->> 'role' AS role,
               format('conversation_history[%s]', ord - 1) AS part
          FROM r CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(j -> 'conversation_history') = 'array'
                                                              THEN j -> 'conversation_history' ELSE '[]' END)
                                    WITH ORDINALITY AS h(e, ord)
         WHERE p_system = 'SessionMemoryAgent' AND j ->> 'session_id' IS NOT NULL),
    entities AS (
        SELECT n AS name FROM r CROSS JOIN LATERAL jsonb_object_keys(
                   CASE WHEN jsonb_typeof(j -> 'entity_knowledge') = 'object' THEN j -> 'entity_knowledge' ELSE '{}' END) AS n
        UNION ALL
        SELECT coalesce(l ->> 'entity', l ->> 'name')
          FROM r CROSS JOIN LATERAL jsonb_array_elements(
                   CASE WHEN jsonb_typeof(j -> 'entity_knowledge') = 'array' THEN j -> 'entity_knowledge' ELSE '[]' END) AS l
         WHERE jsonb_typeof(l) = 'object' AND coalesce(l ->> 'entity', l ->> 'name') IS NOT NULL)
    -- SessionMemoryAgent
    SELECT 2, 'sessions', j ->> 'session_id', '',
           EXISTS (SELECT 1 FROM memory_store.sessions x WHERE x.session_id = j ->> 'session_id')
      FROM r WHERE p_system IN ('SessionMemoryAgent', 'contextual_memory_pc2') AND j ->> 'session_id' IS NOT NULL
    UNION ALL
    SELECT 3, 'turns', t.id, t.part,
           EXISTS (SELECT 1 FROM memory_store.memory_entries x WHERE x.memory_id = t.id AND x.memory_type = 'conversation')
      FROM turns t
    UNION ALL
    SELECT 4, 'tags', t.id || ' ' || t.role, t.part,
           EXISTS (SELECT 1 FROM memory_store.memory_tags x WHERE x.memory_id = t.id AND x.tag = t.role)
      FROM turns t WHERE t.role IS NOT NULL
    -- contextual_memory_pc2
    UNION ALL
    SELECT 1, 'context items', j ->> 'context_id', '',
           EXISTS (SELECT 1 FROM memory_store.memory_entries x WHERE x.memory_id = j ->> 'context_id' AND x.memory_type = 'context')
      FROM r WHERE p_system = 'contextual_memory_pc2' AND j ->> 'context_id' IS NOT NULL
    UNION ALL
    SELECT 4, 'tags', (j ->> 'context_id') || ' ' || (t #>> '{}'), '',
           EXISTS (SELECT 1 FROM memory_store.memory_tags x WHERE x.memory_id = j ->> 'context_id' AND x.tag = t #>> '{}')
      FROM r CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(j -> 'tags') = 'array' THEN j -> 'tags' ELSE '[]' END) AS t
     WHERE p_system = 'contextual_memory_pc2' AND j ->> 'context_id' IS NOT NULL
    UNION ALL
    SELECT 5, 'embeddings', (j ->> 'context_id') || ' ' || coalesce(j ->> 'embedding_model', 'text-embedding-ada-002'), '',
           EXISTS (SELECT 1 FROM memory_store.vector_embeddings x
                    WHERE x.memory_id = j ->> 'context_id'
                      AND x.embedding_model = coalesce(j ->> 'embedding_model', 'text-embedding-ada-002'))
      FROM r WHERE p_system = 'contextual_memory_pc2' AND j ->> 'context_id' IS NOT NULL AND j -> 'embedding' = 'true'
    -- jarvis_memory_pc2
    UNION ALL
    SELECT 2, 'users', j ->> 'user_id', '',
           EXISTS (SELECT 1 FROM memory_store.user_profiles x WHERE x.user_id = j ->> 'user_id')
      FROM r WHERE p_system = 'jarvis_memory_pc2' AND j ->> 'user_id' IS NOT NULL
    UNION ALL
    SELECT 3, 'entities', memory_store.import_entity_id(j ->> 'user_id', e.name), format('entity_knowledge[%s]', e.name),
           EXISTS (SELECT 1 FROM memory_store.memory_entries x
                    WHERE x.memory_id = memory_store.import_entity_id(j ->> 'user_id', e.name) AND x.memory_type = 'entity')
      FROM r CROSS JOIN entities e WHERE p_system = 'jarvis_memory_pc2' AND j ->> 'user_id' IS NOT NULL
    UNION ALL
    SELECT 4, 'interactions', memory_store.import_interaction_id(j ->> 'user_id', (ord - 1)::integer),
           format('interaction_history[%s]', ord - 1),
           EXISTS (SELECT 1 FROM memory_store.memory_entries x
                    WHERE x.memory_id = memory_store.import_interaction_id(j ->> 'user_id', (ord - 1)::integer)
                      AND x.memory_type = 'interaction')
      FROM r CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(j -> 'interaction_history') = 'array'
                                                          THEN j -> 'interaction_history' ELSE '[]' END) WITH ORDINALITY AS h(e, ord)
     WHERE p_system = 'jarvis_memory_pc2' AND j ->> 'user_id' IS NOT NULL
    UNION ALL
    SELECT 5, 'skills', k || ' ' || (j ->> 'user_id'), '',
           EXISTS (SELECT 1 FROM memory_store.agent_states x
                    WHERE x.agent_id = k AND x.session_id IS NULL AND x.user_id = (j ->> 'user_id'))
      FROM r CROSS JOIN LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(j -> 'skill_states') = 'object'
                                                       THEN j -> 'skill_states' ELSE '{}' END) AS k
     WHERE p_system = 'jarvis_memory_pc2' AND j ->> 'user_id' IS NOT NULL
$fn$;

COMMENT ON FUNCTION memory_store.import_keys(p_system text, p_record jsonb) IS 'Legacy import: the keys a record names per item of its system, their part and whether they are in the tables (for reconcile). Example: SELECT * FROM memory_store.import_keys(''contextual_memory_pc2'', ''{"context_id": "c-1", "tags": ["a"]}'');';
