-- memory_store.import_session_memory_agent_record(p_record jsonb) RETURNS
--     jsonb
--
-- SessionMemoryAgent: one record per session -> sessions (updated_at =
-- last_interaction) + one conversation memory per history turn, tagged with
-- the turn's role. A turn's content string is stored once, as content.text
-- (the rest of the turn beside it); a turn whose content is not a string (a
-- tool call: null, an object, an array) is stored as it is, as JSON. A turn
-- that is not an object, has no role, has a bad timestamp or priority, or
-- cannot be written is rejected alone (part conversation_history[n]); the
-- session and its other turns import. Priority: the turn's, else the
-- session's. Returns memory_store.import_result.
--
-- Errors:
--   22023 record must be a JSON object, got %
--   22023 conversation_history: expected an array of turns, got %
--   39004 missing required field created_at (and no turn or
--   last_interaction gives a time)
--   through the functions it calls: 22001, 22007, 22008, 22023, 39004
-- Example:
--   SELECT memory_store.import_session_memory_agent_record('{"session_id": "s-1", "created_at": "2024-03-01T09:00:00Z"}');

CREATE OR REPLACE FUNCTION memory_store.import_session_memory_agent_record(p_record jsonb)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    c_known constant text[] := ARRAY['session_id', 'user_id', 'created_at', 'last_interaction', 'session_summary',
                                     'session_data', 'conversation_history', 'priority'];
    v_extra jsonb := memory_store.import_unknown_fields(p_record, c_known);
    v_session_id text := memory_store.import_text(p_record, 'session_id', true, 64);
    v_user_id text := memory_store.import_text(p_record, 'user_id', false, 64);
    v_created timestamptz := memory_store.import_timestamp('created_at', p_record -> 'created_at');
    v_updated timestamptz := memory_store.import_timestamp('last_interaction', p_record -> 'last_interaction');
    v_summary text := memory_store.import_text(p_record, 'session_summary');
    v_metadata jsonb := memory_store.import_object(p_record, 'session_data');
    v_priority integer := memory_store.import_priority('priority', p_record -> 'priority');
    v_history jsonb := coalesce(nullif(p_record -> 'conversation_history', 'null'::jsonb), '[]'::jsonb);
    v_turn jsonb;
    v_index integer;
    v_part text;
    v_state text;
    v_message text;
    v_turns jsonb[] := ARRAY[]::jsonb[];      -- {index, role, content, time, priority} of each valid turn
    v_item jsonb;
    v_rejects jsonb := '[]'::jsonb;
    v_outcomes text[] := ARRAY[]::text[];
BEGIN
    IF v_extra IS NOT NULL THEN
        v_metadata := coalesce(v_metadata, '{}'::jsonb) || jsonb_build_object('legacy_extra', v_extra);
    END IF;
    IF jsonb_typeof(v_history) <> 'array' THEN
        RAISE EXCEPTION 'conversation_history: expected an array of turns, got %', jsonb_typeof(v_history)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR v_turn, v_index IN SELECT e, (ord - 1)::integer FROM jsonb_array_elements(v_history) WITH ORDINALITY AS t(e, ord) LOOP
        v_part := format('conversation_history[%s]', v_index);
        BEGIN
            IF jsonb_typeof(v_turn) <> 'object' THEN
                RAISE EXCEPTION '%: expected an object, got %', v_part, jsonb_typeof(v_turn)
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            v_turns := v_turns || jsonb_build_object(
                'index', v_index,
                'role', memory_store.import_text(v_turn, 'role', true, 64),
                'content', CASE WHEN jsonb_typeof(v_turn -> 'content') = 'string'
                                THEN (v_turn - 'content') || jsonb_build_object('text', v_turn -> 'content')
                                ELSE v_turn END,
                'time', memory_store.import_timestamp(v_part || '.timestamp', v_turn -> 'timestamp'),
                'priority', CASE WHEN v_turn ? 'priority'
                                 THEN memory_store.import_priority(v_part || '.priority', v_turn -> 'priority')
                                 ELSE v_priority END);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
            v_rejects := v_rejects || jsonb_build_object('part', v_part, 'sqlstate', v_state, 'reason', v_message);
        END;
    END LOOP;

    -- created_at: the session's, else its first turn's, else last_interaction.
    v_created := coalesce(v_created, (SELECT min((t ->> 'time')::timestamptz) FROM unnest(v_turns) t), v_updated);
    IF v_created IS NULL THEN
        RAISE EXCEPTION 'missing required field created_at (and no turn or last_interaction gives a time)'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    v_updated := coalesce(v_updated, (SELECT max((t ->> 'time')::timestamptz) FROM unnest(v_turns) t), v_created);
    v_outcomes := v_outcomes || memory_store.import_put_session(v_session_id, v_user_id, v_created, v_updated, v_metadata,
                                                                v_summary, 'conversation', true);

    FOREACH v_turn IN ARRAY v_turns LOOP
        v_item := memory_store.import_put_item(
            format('conversation_history[%s]', v_turn ->> 'index'),
            memory_store.import_turn_id(v_session_id, (v_turn ->> 'index')::integer), v_session_id, 'conversation',
            v_turn -> 'content', 'SessionMemoryAgent', coalesce((v_turn ->> 'time')::timestamptz, v_created), NULL,
            (v_turn ->> 'priority')::integer, ARRAY[v_turn ->> 'role'], NULL, NULL);
        v_outcomes := v_outcomes || ARRAY(SELECT jsonb_array_elements_text(v_item -> 'outcomes'));
        IF v_item ? 'reject' THEN
            v_rejects := v_rejects || (v_item -> 'reject');
        END IF;
    END LOOP;
    RETURN memory_store.import_result(v_outcomes, v_rejects);
END
$fn$;

COMMENT ON FUNCTION memory_store.import_session_memory_agent_record(p_record jsonb) IS 'Legacy import: one SessionMemoryAgent session -> sessions + conversation memories (id sma-<session>-<turn>, tag = role, text stored once); a bad turn is rejected alone. Example: SELECT memory_store.import_session_memory_agent_record(''{"session_id": "s-1", "created_at": "2024-03-01T09:00:00Z"}'');';
