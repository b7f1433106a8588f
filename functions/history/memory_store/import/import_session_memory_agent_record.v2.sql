-- memory_store.import_session_memory_agent_record(p_record jsonb) RETURNS
--     text
--
-- SessionMemoryAgent: one record per session -> sessions + one conversation
-- memory per history turn, tagged with the turn's role.
--
-- Errors:
--   22023 record must be a JSON object, got %
--   39004 missing required field created_at (and no turn or
--   last_interaction gives a time)
--   through the functions it calls: 22001, 22007, 22008, 23505, 54000
-- Example:
--   SELECT memory_store.import_session_memory_agent_record('{"session_id": "s-1", "created_at": "2024-03-01T09:00:00Z"}');

CREATE OR REPLACE FUNCTION memory_store.import_session_memory_agent_record(p_record jsonb)
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

    FOR v_position IN 1 .. coalesce(array_length(v_roles, 1), 0) LOOP
        v_outcomes := v_outcomes || memory_store.import_put_memory(
            memory_store.import_turn_id(v_session_id, v_position - 1), v_session_id, 'conversation',
            (v_history -> (v_position - 1)) || jsonb_build_object('text', v_texts[v_position]),
            'SessionMemoryAgent', coalesce(v_times[v_position], v_created), NULL);
        IF memory_store.import_put_tags(memory_store.import_turn_id(v_session_id, v_position - 1), ARRAY[v_roles[v_position]]) > 0 THEN
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

COMMENT ON FUNCTION memory_store.import_session_memory_agent_record(p_record jsonb) IS 'Legacy import: one SessionMemoryAgent session -> sessions + conversation memories (id sma-<session>-<turn>, tag = role). Example: SELECT memory_store.import_session_memory_agent_record(''{"session_id": "s-1", "created_at": "2024-03-01T09:00:00Z"}'');';
