-- Legacy import: one function per legacy system that maps ONE exported record
-- (the seed's "Data Migration Mappings", ../shared/spec/legacy-formats.md) to
-- rows. Each raises a typed error naming the field on a bad record; the caller
-- (memory_store.import_run) runs it in a subtransaction, so a refused record
-- leaves nothing of itself behind. Each returns the record's status:
-- 'imported' (a row was inserted), 'updated' (rows existed and the source
-- differed) or 'skipped' (everything was already there: a duplicate).

-- SessionMemoryAgent: one record per session -> sessions + one conversation
-- memory per history turn, tagged with the turn's role.
CREATE FUNCTION memory_store.import_session_memory_agent_record(p_record jsonb)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    c_known constant text[] := ARRAY['session_id', 'user_id', 'created_at', 'last_interaction', 'session_summary',
                                     'session_data', 'conversation_history'];
    v_session_id text;
    v_user_id text;
    v_created timestamptz;
    v_updated timestamptz;
    v_summary text;
    v_metadata jsonb;
    v_extra jsonb;
    v_history jsonb;
    v_turn jsonb;
    v_index integer;
    v_field text;
    v_roles text[] := ARRAY[]::text[];
    v_texts text[] := ARRAY[]::text[];
    v_times timestamptz[] := ARRAY[]::timestamptz[];
    v_old memory_store.sessions%ROWTYPE;
    v_outcomes text[] := ARRAY[]::text[];
BEGIN
    IF jsonb_typeof(p_record) <> 'object' THEN
        RAISE EXCEPTION 'record must be a JSON object, got %', jsonb_typeof(p_record) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_session_id := memory_store.import_text(p_record, 'session_id', true, 64);
    v_user_id := memory_store.import_text(p_record, 'user_id', false, 64);
    v_created := memory_store.import_timestamp('created_at', p_record -> 'created_at');
    v_updated := memory_store.import_timestamp('last_interaction', p_record -> 'last_interaction');
    v_summary := memory_store.import_text(p_record, 'session_summary');
    v_metadata := memory_store.import_object(p_record, 'session_data');
    v_extra := memory_store.import_extra(p_record, c_known);
    IF v_extra IS NOT NULL THEN
        v_metadata := coalesce(v_metadata, '{}'::jsonb) || jsonb_build_object('legacy_extra', v_extra);
    END IF;

    v_history := coalesce(nullif(p_record -> 'conversation_history', 'null'::jsonb), '[]'::jsonb);
    IF jsonb_typeof(v_history) <> 'array' THEN
        RAISE EXCEPTION 'conversation_history: expected an array of turns, got %', jsonb_typeof(v_history)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR v_turn, v_index IN SELECT e, (ord - 1)::integer FROM jsonb_array_elements(v_history) WITH ORDINALITY AS t(e, ord) LOOP
        v_field := format('conversation_history[%s]', v_index);
        IF jsonb_typeof(v_turn) <> 'object' THEN
            RAISE EXCEPTION '%: expected an object, got %', v_field, jsonb_typeof(v_turn) USING ERRCODE = 'invalid_parameter_value';
        END IF;
        v_roles := v_roles || memory_store.import_text(v_turn, 'role', true, 64);
        IF jsonb_typeof(v_turn -> 'content') IS DISTINCT FROM 'string' THEN
            RAISE EXCEPTION '%.content: expected a string, got %', v_field, coalesce(jsonb_typeof(v_turn -> 'content'), 'nothing')
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        v_texts := v_texts || (v_turn ->> 'content');
        v_times := v_times || memory_store.import_timestamp(v_field || '.timestamp', v_turn -> 'timestamp');
    END LOOP;

    -- created_at: the session's, else its first turn's, else last_interaction.
    v_created := coalesce(v_created, (SELECT min(t) FROM unnest(v_times) t), v_updated);
    IF v_created IS NULL THEN
        RAISE EXCEPTION 'missing required field created_at (and no turn or last_interaction gives a time)'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    v_updated := coalesce(v_updated, (SELECT max(t) FROM unnest(v_times) t), v_created);

    SELECT * INTO v_old FROM memory_store.sessions s WHERE s.session_id = v_session_id FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO memory_store.sessions (session_id, user_id, created_at, updated_at, metadata, summary, session_type)
        VALUES (v_session_id, v_user_id, v_created, v_updated, v_metadata, v_summary, 'conversation');
        v_outcomes := v_outcomes || 'inserted'::text;
    ELSIF (v_old.user_id, v_old.created_at, v_old.metadata, v_old.summary, v_old.session_type)
          IS DISTINCT FROM (v_user_id, v_created, v_metadata, v_summary, 'conversation'::varchar) THEN
        -- also fills in a stub that a context item created before this session arrived
        UPDATE memory_store.sessions s
           SET user_id = v_user_id, created_at = v_created, updated_at = v_updated, metadata = v_metadata,
               summary = v_summary, session_type = 'conversation'
         WHERE s.session_id = v_session_id;
        v_outcomes := v_outcomes || 'updated'::text;
    END IF;

    FOR v_index IN 1 .. coalesce(array_length(v_roles, 1), 0) LOOP
        v_outcomes := v_outcomes || memory_store.import_put_memory(
            memory_store.import_turn_id(v_session_id, v_index - 1), v_session_id, 'conversation',
            (v_history -> (v_index - 1)) || jsonb_build_object('text', v_texts[v_index]),
            'SessionMemoryAgent', coalesce(v_times[v_index], v_created), NULL);
        IF memory_store.import_put_tags(memory_store.import_turn_id(v_session_id, v_index - 1), ARRAY[v_roles[v_index]]) > 0 THEN
            v_outcomes := v_outcomes || 'inserted'::text;
        END IF;
    END LOOP;

    -- Writing the turns touched the session (api_triggers); its updated_at is
    -- the source's last_interaction.
    IF 'inserted' = ANY (v_outcomes) OR 'updated' = ANY (v_outcomes) THEN
        UPDATE memory_store.sessions s SET updated_at = v_updated
         WHERE s.session_id = v_session_id AND s.updated_at IS DISTINCT FROM v_updated;
    END IF;
    RETURN memory_store.import_status(v_outcomes);
END
$fn$;

COMMENT ON FUNCTION memory_store.import_session_memory_agent_record(jsonb) IS
'Legacy import: one SessionMemoryAgent session -> sessions + conversation memories (id sma-<session>-<turn>, tag = role). Example: SELECT memory_store.import_session_memory_agent_record(''{"session_id": "s-1", "created_at": "2024-03-01T09:00:00Z"}'');';

-- contextual_memory_pc2: one record per context item -> a context memory
-- (memory_id = context_id), its embedding, one tag row per tag; a session it
-- names that does not exist yet is created (session_type 'context').
CREATE FUNCTION memory_store.import_contextual_memory_record(p_record jsonb)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    c_known constant text[] := ARRAY['context_id', 'session_id', 'context_data', 'embedding', 'embedding_model',
                                     'created_at', 'expires_at', 'source_agent', 'tags'];
    v_memory_id text;
    v_session_id text;
    v_content jsonb;
    v_extra jsonb;
    v_embedding extensions.vector;
    v_model text;
    v_created timestamptz;
    v_expires timestamptz;
    v_source_agent text;
    v_tags text[];
    v_count integer;
    v_outcomes text[] := ARRAY[]::text[];
BEGIN
    IF jsonb_typeof(p_record) <> 'object' THEN
        RAISE EXCEPTION 'record must be a JSON object, got %', jsonb_typeof(p_record) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_memory_id := memory_store.import_text(p_record, 'context_id', true, 64);
    v_session_id := memory_store.import_text(p_record, 'session_id', false, 64);
    CASE coalesce(jsonb_typeof(p_record -> 'context_data'), 'null')
        WHEN 'object' THEN v_content := p_record -> 'context_data';
        WHEN 'string' THEN v_content := jsonb_build_object('text', p_record -> 'context_data');
        WHEN 'null' THEN
            RAISE EXCEPTION 'missing required field context_data' USING ERRCODE = 'null_value_not_allowed';
        ELSE
            RAISE EXCEPTION 'context_data: expected an object or a string, got %', jsonb_typeof(p_record -> 'context_data')
                USING ERRCODE = 'invalid_parameter_value';
    END CASE;
    v_extra := memory_store.import_extra(p_record, c_known);
    IF v_extra IS NOT NULL THEN
        v_content := v_content || jsonb_build_object('legacy_extra', v_extra);
    END IF;
    v_created := memory_store.import_timestamp('created_at', p_record -> 'created_at');
    IF v_created IS NULL THEN
        RAISE EXCEPTION 'missing required field created_at' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    v_expires := memory_store.import_timestamp('expires_at', p_record -> 'expires_at');
    v_source_agent := memory_store.import_text(p_record, 'source_agent', false, 64);
    v_tags := memory_store.import_tags('tags', p_record -> 'tags');
    v_embedding := memory_store.import_vector('embedding', p_record -> 'embedding');
    v_model := coalesce(memory_store.import_text(p_record, 'embedding_model', false, 64), 'text-embedding-ada-002');

    IF v_session_id IS NOT NULL THEN
        INSERT INTO memory_store.sessions (session_id, created_at, updated_at, metadata, session_type)
        VALUES (v_session_id, v_created, v_created, '{"import_stub": "contextual_memory_pc2"}', 'context')
        ON CONFLICT (session_id) DO NOTHING;
        GET DIAGNOSTICS v_count = ROW_COUNT;
        IF v_count > 0 THEN
            v_outcomes := v_outcomes || 'inserted'::text;
        END IF;
    END IF;
    v_outcomes := v_outcomes || memory_store.import_put_memory(v_memory_id, v_session_id, 'context', v_content,
                                                               v_source_agent, v_created, v_expires);
    IF memory_store.import_put_tags(v_memory_id, v_tags) > 0 THEN
        v_outcomes := v_outcomes || 'inserted'::text;
    END IF;
    IF v_embedding IS NOT NULL THEN
        v_outcomes := v_outcomes || memory_store.import_put_embedding(v_memory_id, v_embedding, v_model, v_created);
    END IF;
    RETURN memory_store.import_status(v_outcomes);
END
$fn$;

COMMENT ON FUNCTION memory_store.import_contextual_memory_record(jsonb) IS
'Legacy import: one contextual_memory_pc2 context item -> a context memory, its embedding and tags (and a stub session). Example: SELECT memory_store.import_contextual_memory_record(''{"context_id": "c-1", "context_data": {"text": "x"}, "created_at": 1709280000}'');';

-- The text of an entity memory: its name, its type, its facts (or, without
-- facts, its other attributes).
CREATE FUNCTION memory_store.import_entity_text(p_name text, p_attributes jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT p_name
        || coalesce(' (' || (p_attributes ->> 'type') || ')', '')
        || coalesce(': ' || CASE
               WHEN jsonb_typeof(p_attributes -> 'facts') = 'array' THEN
                   (SELECT string_agg(CASE WHEN jsonb_typeof(f) = 'string' THEN f #>> '{}' ELSE f::text END, '; ' ORDER BY pos)
                      FROM jsonb_array_elements(p_attributes -> 'facts') WITH ORDINALITY AS t(f, pos))
               WHEN p_attributes ? 'facts' THEN p_attributes ->> 'facts'
               ELSE nullif((SELECT string_agg(CASE WHEN key = 'value' THEN '' ELSE key || ' ' END
                                              || CASE WHEN jsonb_typeof(value) = 'string' THEN value #>> '{}'
                                                      ELSE value::text END, '; ' ORDER BY key)
                              FROM jsonb_each(p_attributes - 'type')), '')
           END, '')
$fn$;

COMMENT ON FUNCTION memory_store.import_entity_text(text, jsonb) IS
'Legacy import: searchable text of a jarvis entity. Example: SELECT memory_store.import_entity_text(''Leeds'', ''{"type": "city", "facts": ["home town"]}'');';

-- jarvis_memory_pc2: one record per user -> user_profiles; each entity an
-- 'entity' memory, each interaction an 'interaction' memory (both in the
-- user's session jarvis-<user_id>, so they belong to the user); each skill an
-- agent_states row (agent_id = skill, no session) whose state_data holds the
-- skill's state per user: {"<user_id>": <state>}, merged, so several users'
-- states of one skill are all kept.
CREATE FUNCTION memory_store.import_jarvis_memory_record(p_record jsonb)
RETURNS text
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
    v_name text;
    v_session_id text;
    v_state jsonb;
    v_old_state jsonb;
    v_old memory_store.user_profiles%ROWTYPE;
    v_count integer;
    v_outcomes text[] := ARRAY[]::text[];
BEGIN
    IF jsonb_typeof(p_record) <> 'object' THEN
        RAISE EXCEPTION 'record must be a JSON object, got %', jsonb_typeof(p_record) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_user_id := memory_store.import_text(p_record, 'user_id', true, 64);
    v_preferences := memory_store.import_object(p_record, 'preferences');
    v_profile := memory_store.import_object(p_record, 'profile');
    v_extra := memory_store.import_extra(p_record, c_known);
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
        INSERT INTO memory_store.sessions (session_id, user_id, created_at, updated_at, metadata, session_type)
        SELECT v_session_id, v_user_id, coalesce(min(t), now()), coalesce(max(t), now()),
               '{"import_source": "jarvis_memory_pc2"}', 'jarvis'
          FROM unnest(v_times) t
        ON CONFLICT (session_id) DO NOTHING;
        GET DIAGNOSTICS v_count = ROW_COUNT;
        IF v_count > 0 THEN
            v_outcomes := v_outcomes || 'inserted'::text;
        END IF;
    END IF;
    FOR v_index IN 1 .. cardinality(v_names) LOOP
        v_outcomes := v_outcomes || memory_store.import_put_memory(
            memory_store.import_entity_id(v_user_id, v_names[v_index]), v_session_id, 'entity',
            v_attributes[v_index] || jsonb_build_object('entity', v_names[v_index], 'user_id', v_user_id,
                                                        'text', memory_store.import_entity_text(v_names[v_index], v_attributes[v_index])),
            'jarvis_memory_pc2', NULL, NULL);
    END LOOP;
    FOR v_index IN 1 .. cardinality(v_times) LOOP
        v_item := v_interactions -> (v_index - 1);
        v_outcomes := v_outcomes || memory_store.import_put_memory(
            memory_store.import_interaction_id(v_user_id, v_index - 1), v_session_id, 'interaction',
            v_item || jsonb_build_object('user_id', v_user_id,
                                         'text', coalesce(concat_ws(E'\n', 'Q: ' || (v_item ->> 'query'),
                                                                            'A: ' || (v_item ->> 'response')), '')),
            'jarvis_memory_pc2', v_times[v_index], NULL);
    END LOOP;

    -- skills -> agent_states (agent_id = skill, session_id NULL), per user
    FOR v_name, v_state IN SELECT key, value FROM jsonb_each(v_skills) ORDER BY key LOOP
        SELECT a.state_data INTO v_old_state FROM memory_store.agent_states a
         WHERE a.agent_id = v_name AND a.session_id IS NULL FOR UPDATE;
        IF FOUND AND jsonb_typeof(v_old_state) <> 'object' THEN
            RAISE EXCEPTION 'skill_states: agent state % exists and is not an object of user states', v_name
                USING ERRCODE = 'unique_violation';
        END IF;
        IF FOUND AND v_old_state -> v_user_id IS NOT DISTINCT FROM v_state THEN
            CONTINUE;
        END IF;
        v_outcomes := v_outcomes || CASE WHEN FOUND AND v_old_state ? v_user_id THEN 'updated' ELSE 'inserted' END;
        INSERT INTO memory_store.agent_states AS a (agent_id, session_id, state_data)
        VALUES (v_name, NULL, jsonb_build_object(v_user_id, v_state))
        ON CONFLICT ON CONSTRAINT unique_agent_session
        DO UPDATE SET state_data = a.state_data || EXCLUDED.state_data;
    END LOOP;
    RETURN memory_store.import_status(v_outcomes);
END
$fn$;

COMMENT ON FUNCTION memory_store.import_jarvis_memory_record(jsonb) IS
'Legacy import: one jarvis_memory_pc2 user -> user_profiles, entity and interaction memories, agent_states per skill. Example: SELECT memory_store.import_jarvis_memory_record(''{"user_id": "u-1", "skill_states": {"timer": {"active": []}}}'');';
