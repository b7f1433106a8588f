-- memory_store.import_jarvis_memory_record(p_record jsonb) RETURNS jsonb
--
-- Legacy import: one jarvis_memory_pc2 user -> user_profiles, entity and
-- interaction memories (priority from each one's priority field), the
-- user's global agent state per skill. An entity has no time in the
-- export: a new one is created at the user's first interaction (the import
-- time when there is none), an existing one keeps its created_at. An entity or interaction that cannot
-- be written is rejected alone (part entity_knowledge[name] or
-- interaction_history[n]); the user's other rows import. Returns
-- memory_store.import_result.
--
-- Errors:
--   22023 record must be a JSON object, got %
--   39004 %: missing required field entity
--   22001 skill_states: a skill name is empty or longer than 64
--   characters
--   through the functions it calls: 22007, 22008, 22023
-- Example:
--   SELECT memory_store.import_jarvis_memory_record('{"user_id": "u-1", "skill_states": {"timer": {"active": []}}}');

CREATE OR REPLACE FUNCTION memory_store.import_jarvis_memory_record(p_record jsonb)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    c_known constant text[] := ARRAY['user_id', 'preferences', 'profile', 'entity_knowledge', 'interaction_history',
                                     'skill_states'];
    v_user_id text;
    v_preferences jsonb;
    v_profile jsonb;
    v_extra jsonb;
    v_entities jsonb;
    v_interactions jsonb;
    v_skills jsonb;
    v_item jsonb;
    v_index integer;
    v_field text;
    v_names text[] := ARRAY[]::text[];
    v_attributes jsonb[] := ARRAY[]::jsonb[];
    v_times timestamptz[] := ARRAY[]::timestamptz[];
    v_priorities integer[];
    v_name text;
    v_session_id text;
    v_state jsonb;
    v_old_state jsonb;
    v_old memory_store.user_profiles%ROWTYPE;
    v_rejects jsonb := '[]'::jsonb;
    v_outcomes text[] := ARRAY[]::text[];
BEGIN
    v_extra := memory_store.import_unknown_fields(p_record, c_known);
    v_user_id := memory_store.import_text(p_record, 'user_id', true, 64);
    v_preferences := memory_store.import_object(p_record, 'preferences');
    v_profile := memory_store.import_object(p_record, 'profile');
    IF v_extra IS NOT NULL THEN
        v_profile := coalesce(v_profile, '{}'::jsonb) || jsonb_build_object('legacy_extra', v_extra);
    END IF;

    -- entity_knowledge: {"Leeds": {...}} or [{"entity": "Leeds", ...}] ("name" also accepted)
    v_entities := coalesce(nullif(p_record -> 'entity_knowledge', 'null'::jsonb), '{}'::jsonb);
    IF jsonb_typeof(v_entities) = 'object' THEN
        SELECT coalesce(array_agg(key ORDER BY key), ARRAY[]::text[]),
               coalesce(array_agg(CASE WHEN jsonb_typeof(value) = 'object' THEN value
                                       ELSE jsonb_build_object('value', value) END ORDER BY key), ARRAY[]::jsonb[])
          INTO v_names, v_attributes
          FROM jsonb_each(v_entities);
    ELSIF jsonb_typeof(v_entities) = 'array' THEN
        FOR v_item, v_index IN SELECT e, (ord - 1)::integer FROM jsonb_array_elements(v_entities) WITH ORDINALITY AS t(e, ord) LOOP
            v_field := format('entity_knowledge[%s]', v_index);
            IF jsonb_typeof(v_item) <> 'object' THEN
                RAISE EXCEPTION '%: expected an object, got %', v_field, jsonb_typeof(v_item) USING ERRCODE = 'invalid_parameter_value';
            END IF;
            v_name := coalesce(memory_store.import_text(v_item, 'entity'), memory_store.import_text(v_item, 'name'));
            IF v_name IS NULL OR v_name = '' THEN
                RAISE EXCEPTION '%: missing required field entity', v_field USING ERRCODE = 'null_value_not_allowed';
            END IF;
            v_names := v_names || v_name;
            v_attributes := v_attributes || (v_item - 'entity' - 'name');
        END LOOP;
    ELSE
        RAISE EXCEPTION 'entity_knowledge: expected an object or an array, got %', jsonb_typeof(v_entities)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT min(n) INTO v_name FROM unnest(v_names) n GROUP BY n HAVING count(*) > 1 LIMIT 1;
    IF v_name IS NOT NULL THEN
        RAISE EXCEPTION 'entity_knowledge: entity % appears more than once', v_name USING ERRCODE = 'invalid_parameter_value';
    END IF;

    v_interactions := coalesce(nullif(p_record -> 'interaction_history', 'null'::jsonb), '[]'::jsonb);
    IF jsonb_typeof(v_interactions) <> 'array' THEN
        RAISE EXCEPTION 'interaction_history: expected an array, got %', jsonb_typeof(v_interactions)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR v_item, v_index IN SELECT e, (ord - 1)::integer FROM jsonb_array_elements(v_interactions) WITH ORDINALITY AS t(e, ord) LOOP
        v_field := format('interaction_history[%s]', v_index);
        IF jsonb_typeof(v_item) <> 'object' THEN
            RAISE EXCEPTION '%: expected an object, got %', v_field, jsonb_typeof(v_item) USING ERRCODE = 'invalid_parameter_value';
        END IF;
        v_times := v_times || memory_store.import_timestamp(v_field || '.timestamp', v_item -> 'timestamp');
        IF v_times[v_index + 1] IS NULL THEN
            RAISE EXCEPTION '%: missing required field timestamp', v_field USING ERRCODE = 'null_value_not_allowed';
        END IF;
    END LOOP;

    v_skills := coalesce(nullif(p_record -> 'skill_states', 'null'::jsonb), '{}'::jsonb);
    IF jsonb_typeof(v_skills) <> 'object' THEN
        RAISE EXCEPTION 'skill_states: expected an object of skill -> state, got %', jsonb_typeof(v_skills)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM jsonb_object_keys(v_skills) k WHERE length(k) > 64 OR k = '') THEN
        RAISE EXCEPTION 'skill_states: a skill name is empty or longer than 64 characters' USING ERRCODE = 'string_data_right_truncation';
    END IF;

    v_priorities := ARRAY(SELECT memory_store.import_priority(format('entity_knowledge[%s].priority', n), a -> 'priority')
                            FROM unnest(v_names, v_attributes) WITH ORDINALITY AS e(n, a, pos) ORDER BY pos)
                 || ARRAY(SELECT memory_store.import_priority(format('interaction_history[%s].priority', pos - 1), i -> 'priority')
                            FROM jsonb_array_elements(v_interactions) WITH ORDINALITY AS x(i, pos) ORDER BY pos);

    -- user_profiles
    SELECT * INTO v_old FROM memory_store.user_profiles u WHERE u.user_id = v_user_id FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO memory_store.user_profiles (user_id, profile_data, preferences)
        VALUES (v_user_id, v_profile, v_preferences);
        v_outcomes := v_outcomes || 'inserted'::text;
    ELSIF (v_old.profile_data, v_old.preferences) IS DISTINCT FROM (v_profile, v_preferences) THEN
        UPDATE memory_store.user_profiles u SET profile_data = v_profile, preferences = v_preferences
         WHERE u.user_id = v_user_id;
        v_outcomes := v_outcomes || 'updated'::text;
    END IF;

    -- entities and interactions, in the user's session
    IF cardinality(v_names) > 0 OR cardinality(v_times) > 0 THEN
        v_session_id := memory_store.import_user_session_id(v_user_id);
        v_outcomes := v_outcomes || memory_store.import_put_session(
            v_session_id, v_user_id, coalesce((SELECT min(t) FROM unnest(v_times) t), now()),
            coalesce((SELECT max(t) FROM unnest(v_times) t), now()), '{"import_source": "jarvis_memory_pc2"}', NULL,
            'jarvis', false);
    END IF;
    FOR v_position IN 1 .. cardinality(v_names) LOOP
        v_name := memory_store.import_entity_id(v_user_id, v_names[v_position]);
        v_item := memory_store.import_put_item(
            format('entity_knowledge[%s]', v_names[v_position]), v_name, v_session_id, 'entity',
            v_attributes[v_position] || jsonb_build_object('entity', v_names[v_position], 'user_id', v_user_id,
                                                        'text', memory_store.import_entity_text(v_names[v_position], v_attributes[v_position])),
            'jarvis_memory_pc2',
            CASE WHEN NOT EXISTS (SELECT 1 FROM memory_store.memory_registry r WHERE r.memory_id = v_name)
                 THEN (SELECT min(t) FROM unnest(v_times) t) END,
            NULL, v_priorities[v_position], NULL, NULL, NULL);
        v_outcomes := v_outcomes || ARRAY(SELECT jsonb_array_elements_text(v_item -> 'outcomes'));
        v_rejects := v_rejects || coalesce(v_item -> 'reject', '[]'::jsonb);
    END LOOP;
    FOR v_position IN 1 .. cardinality(v_times) LOOP
        v_item := v_interactions -> (v_position - 1);
        v_item := memory_store.import_put_item(
            format('interaction_history[%s]', v_position - 1),
            memory_store.import_interaction_id(v_user_id, v_position - 1), v_session_id, 'interaction',
            v_item || jsonb_build_object('user_id', v_user_id,
                                         'text', coalesce(concat_ws(E'\n', 'Q: ' || (v_item ->> 'query'),
                                                                            'A: ' || (v_item ->> 'response')), '')),
            'jarvis_memory_pc2', v_times[v_position], NULL, v_priorities[cardinality(v_names) + v_position], NULL, NULL, NULL);
        v_outcomes := v_outcomes || ARRAY(SELECT jsonb_array_elements_text(v_item -> 'outcomes'));
        v_rejects := v_rejects || coalesce(v_item -> 'reject', '[]'::jsonb);
    END LOOP;

    -- skills -> the user's global state of each skill (agent_id = skill, session_id NULL)
    FOR v_name, v_state IN SELECT key, value FROM jsonb_each(v_skills) ORDER BY key LOOP
        IF jsonb_typeof(v_state) <> 'object' THEN
            v_state := jsonb_build_object('value', v_state);
        END IF;
        SELECT a.state_data INTO v_old_state FROM memory_store.agent_states a
         WHERE a.agent_id = v_name AND a.session_id IS NULL AND a.user_id = v_user_id FOR UPDATE;
        IF FOUND AND v_old_state = v_state THEN
            CONTINUE;
        END IF;
        v_outcomes := v_outcomes || CASE WHEN FOUND THEN 'updated' ELSE 'inserted' END;
        INSERT INTO memory_store.agent_states AS a (agent_id, session_id, user_id, state_data)
        VALUES (v_name, NULL, v_user_id, v_state)
        ON CONFLICT ON CONSTRAINT unique_agent_session
        DO UPDATE SET state_data = EXCLUDED.state_data;
    END LOOP;
    RETURN memory_store.import_result(v_outcomes, v_rejects);
END
$fn$;

COMMENT ON FUNCTION memory_store.import_jarvis_memory_record(p_record jsonb) IS 'Legacy import: one jarvis_memory_pc2 user -> user_profiles, entity and interaction memories (a bad one rejected alone), the user''s global agent state per skill. Example: SELECT memory_store.import_jarvis_memory_record(''{"user_id": "u-1", "skill_states": {"timer": {"active": []}}}'');';
