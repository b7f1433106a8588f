-- memory_store.reconcile(p_run_id bigint) RETURNS TABLE(source_system text,
--     item text, source_count bigint, target_count bigint, rejected_count
--     bigint, mismatch boolean)
--
-- Legacy import: per item of the run's legacy system, source count
-- (distinct keys the file names), target count (those keys present in the
-- tables), rejected count (missing because their records were rejected),
-- mismatch flag.
--
-- Errors:
--   22023 no import run %
-- Example:
--   SELECT * FROM memory_store.reconcile(1);

CREATE OR REPLACE FUNCTION memory_store.reconcile(p_run_id bigint)
RETURNS TABLE (source_system text, item text, source_count bigint, target_count bigint, rejected_count bigint,
               mismatch boolean)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
DECLARE
    v_system text;
BEGIN
    SELECT r.source_system INTO v_system FROM memory_store.import_runs r WHERE r.run_id = p_run_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no import run %', p_run_id USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM memory_store.import_staging s WHERE s.run_id = p_run_id) THEN
        RAISE EXCEPTION 'import run % has no staged records (empty file, or purged)', p_run_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    CREATE TEMPORARY TABLE IF NOT EXISTS pg_temp.import_reconcile_keys (
        ord integer, item text, key text, found boolean, rejected boolean) ON COMMIT DROP;
    TRUNCATE pg_temp.import_reconcile_keys;

    CREATE TEMPORARY TABLE IF NOT EXISTS pg_temp.import_reconcile_src (
        line_number integer, status text, rejected boolean, j jsonb) ON COMMIT DROP;
    TRUNCATE pg_temp.import_reconcile_src;
    INSERT INTO pg_temp.import_reconcile_src
    SELECT s.line_number, s.status, s.status IS NOT DISTINCT FROM 'rejected',
           CASE WHEN j.j IS NOT NULL AND jsonb_typeof(j.j) = 'object' THEN j.j - 'embedding'
                    || CASE WHEN jsonb_typeof(j.j -> 'embedding') = 'array'
                            THEN '{"embedding": true}'::jsonb ELSE '{}'::jsonb END END
      FROM memory_store.import_staging s
      CROSS JOIN LATERAL (SELECT memory_store.import_try_jsonb(s.raw) AS j) AS j
     WHERE s.run_id = p_run_id;

    IF v_system = 'SessionMemoryAgent' THEN
        INSERT INTO pg_temp.import_reconcile_keys
        SELECT 2, 'sessions', j ->> 'session_id',
               EXISTS (SELECT 1 FROM memory_store.sessions x WHERE x.session_id = j ->> 'session_id'), rejected
          FROM pg_temp.import_reconcile_src WHERE j ->> 'session_id' IS NOT NULL;
        INSERT INTO pg_temp.import_reconcile_keys
        SELECT 3, 'turns', t.id,
               EXISTS (SELECT 1 FROM memory_store.memory_entries x WHERE x.memory_id = t.id AND x.memory_type = 'conversation'),
               rejected
          FROM pg_temp.import_reconcile_src
         CROSS JOIN LATERAL (
             SELECT memory_store.import_turn_id(j ->> 'session_id', (ord - 1)::integer) AS id, e
               FROM jsonb_array_elements(CASE WHEN jsonb_typeof(j -> 'conversation_history') = 'array'
                                              THEN j -> 'conversation_history' ELSE '[]' END) WITH ORDINALITY AS h(e, ord)) AS t
         WHERE j ->> 'session_id' IS NOT NULL;
        INSERT INTO pg_temp.import_reconcile_keys
        SELECT 4, 'tags', t.id || ' ' || (t.e ->> 'role'),
               EXISTS (SELECT 1 FROM memory_store.memory_tags x WHERE x.memory_id = t.id AND x.tag = t.e ->> 'role'),
               rejected
          FROM pg_temp.import_reconcile_src
         CROSS JOIN LATERAL (
             SELECT memory_store.import_turn_id(j ->> 'session_id', (ord - 1)::integer) AS id, e
               FROM jsonb_array_elements(CASE WHEN jsonb_typeof(j -> 'conversation_history') = 'array'
                                              THEN j -> 'conversation_history' ELSE '[]' END) WITH ORDINALITY AS h(e, ord)) AS t
         WHERE j ->> 'session_id' IS NOT NULL AND t.e ->> 'role' IS NOT NULL;

    ELSIF v_system = 'contextual_memory_pc2' THEN
        INSERT INTO pg_temp.import_reconcile_keys
        SELECT 2, 'context items', j ->> 'context_id',
               EXISTS (SELECT 1 FROM memory_store.memory_entries x WHERE x.memory_id = j ->> 'context_id' AND x.memory_type = 'context'),
               rejected
          FROM pg_temp.import_reconcile_src WHERE j ->> 'context_id' IS NOT NULL;
        INSERT INTO pg_temp.import_reconcile_keys
        SELECT 3, 'sessions', j ->> 'session_id',
               EXISTS (SELECT 1 FROM memory_store.sessions x WHERE x.session_id = j ->> 'session_id'), rejected
          FROM pg_temp.import_reconcile_src WHERE j ->> 'session_id' IS NOT NULL;
        INSERT INTO pg_temp.import_reconcile_keys
        SELECT 4, 'tags', (j ->> 'context_id') || ' ' || (t #>> '{}'),
               EXISTS (SELECT 1 FROM memory_store.memory_tags x WHERE x.memory_id = j ->> 'context_id' AND x.tag = t #>> '{}'),
               rejected
          FROM pg_temp.import_reconcile_src
         CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(j -> 'tags') = 'array' THEN j -> 'tags' ELSE '[]' END) AS t
         WHERE j ->> 'context_id' IS NOT NULL;
        INSERT INTO pg_temp.import_reconcile_keys
        SELECT 5, 'embeddings', (j ->> 'context_id') || ' ' || coalesce(j ->> 'embedding_model', 'text-embedding-ada-002'),
               EXISTS (SELECT 1 FROM memory_store.vector_embeddings x
                        WHERE x.memory_id = j ->> 'context_id'
                          AND x.embedding_model = coalesce(j ->> 'embedding_model', 'text-embedding-ada-002')),
               rejected
          FROM pg_temp.import_reconcile_src
         WHERE j ->> 'context_id' IS NOT NULL AND j -> 'embedding' = 'true';

    ELSE
        INSERT INTO pg_temp.import_reconcile_keys
        SELECT 2, 'users', j ->> 'user_id',
               EXISTS (SELECT 1 FROM memory_store.user_profiles x WHERE x.user_id = j ->> 'user_id'), rejected
          FROM pg_temp.import_reconcile_src WHERE j ->> 'user_id' IS NOT NULL;
        INSERT INTO pg_temp.import_reconcile_keys
        SELECT 3, 'entities', e.id,
               EXISTS (SELECT 1 FROM memory_store.memory_entries x WHERE x.memory_id = e.id AND x.memory_type = 'entity'),
               rejected
          FROM pg_temp.import_reconcile_src
         CROSS JOIN LATERAL (
             SELECT memory_store.import_entity_id(j ->> 'user_id', k) AS id
               FROM jsonb_object_keys(CASE WHEN jsonb_typeof(j -> 'entity_knowledge') = 'object'
                                           THEN j -> 'entity_knowledge' ELSE '{}' END) AS k
             UNION ALL
             SELECT memory_store.import_entity_id(j ->> 'user_id', coalesce(l ->> 'entity', l ->> 'name'))
               FROM jsonb_array_elements(CASE WHEN jsonb_typeof(j -> 'entity_knowledge') = 'array'
                                              THEN j -> 'entity_knowledge' ELSE '[]' END) AS l
              WHERE jsonb_typeof(l) = 'object' AND coalesce(l ->> 'entity', l ->> 'name') IS NOT NULL) AS e
         WHERE j ->> 'user_id' IS NOT NULL;
        INSERT INTO pg_temp.import_reconcile_keys
        SELECT 4, 'interactions', i.id,
               EXISTS (SELECT 1 FROM memory_store.memory_entries x WHERE x.memory_id = i.id AND x.memory_type = 'interaction'),
               rejected
          FROM pg_temp.import_reconcile_src
         CROSS JOIN LATERAL (
             SELECT memory_store.import_interaction_id(j ->> 'user_id', (ord - 1)::integer) AS id
               FROM jsonb_array_elements(CASE WHEN jsonb_typeof(j -> 'interaction_history') = 'array'
                                              THEN j -> 'interaction_history' ELSE '[]' END) WITH ORDINALITY AS h(e, ord)) AS i
         WHERE j ->> 'user_id' IS NOT NULL;
        INSERT INTO pg_temp.import_reconcile_keys
        SELECT 5, 'skills', k || ' ' || (j ->> 'user_id'),
               EXISTS (SELECT 1 FROM memory_store.agent_states x
                        WHERE x.agent_id = k AND x.session_id IS NULL AND x.user_id = (j ->> 'user_id')),
               rejected
          FROM pg_temp.import_reconcile_src
         CROSS JOIN LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(j -> 'skill_states') = 'object'
                                                   THEN j -> 'skill_states' ELSE '{}' END) AS k
         WHERE j ->> 'user_id' IS NOT NULL;
    END IF;

    RETURN QUERY
    SELECT v_system, 'records'::text, count(*), count(*) FILTER (WHERE s.status IN ('imported', 'updated', 'skipped')),
           count(*) FILTER (WHERE s.rejected), count(*) FILTER (WHERE s.status IS NULL) > 0
      FROM pg_temp.import_reconcile_src s;
    RETURN QUERY
    SELECT v_system, i.name, coalesce(c.n_source, 0), coalesce(c.n_target, 0), coalesce(c.n_rejected, 0),
           coalesce(c.n_source <> c.n_target + c.n_rejected, false)
      FROM unnest(CASE v_system
                      WHEN 'SessionMemoryAgent' THEN ARRAY['sessions', 'turns', 'tags']
                      WHEN 'contextual_memory_pc2' THEN ARRAY['context items', 'sessions', 'tags', 'embeddings']
                      ELSE ARRAY['users', 'entities', 'interactions', 'skills'] END) WITH ORDINALITY AS i(name, pos)
      LEFT JOIN (SELECT k.item AS name, count(*) AS n_source, count(*) FILTER (WHERE k.found) AS n_target,
                        count(*) FILTER (WHERE NOT k.found AND k.rejected) AS n_rejected
                   FROM (SELECT g.item, g.key, bool_or(g.found) AS found, bool_and(g.rejected) AS rejected
                           FROM pg_temp.import_reconcile_keys g GROUP BY g.item, g.key) AS k
                  GROUP BY k.item) AS c ON c.name = i.name
     ORDER BY i.pos;
END
$fn$;

COMMENT ON FUNCTION memory_store.reconcile(p_run_id bigint) IS 'Legacy import: per item of the run''s legacy system, source count (distinct keys the file names), target count (those keys present in the tables), rejected count (missing because their records were rejected), mismatch flag. Example: SELECT * FROM memory_store.reconcile(1);';
