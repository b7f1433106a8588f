-- memory_store.import_put_item(p_part text, p_memory_id text, p_session_id
--     text, p_memory_type text, p_content jsonb, p_source_agent text,
--     p_created_at timestamp with time zone, p_expires_at timestamp with
--     time zone, p_priority integer, p_tags text[], p_embedding
--     extensions.vector, p_model text) RETURNS jsonb
--
-- Put one memory a legacy record holds, with its tags (only added) and its
-- embedding for p_model (when given): {"outcomes": [...]} of
-- inserted/updated/unchanged. With p_part (a turn, an entity, an
-- interaction) the writes run in their own subtransaction, and a failure
-- rejects that part alone: {"outcomes": [], "reject": {"part", "sqlstate",
-- "reason"}}; with p_part NULL an error rejects the whole record.
--
-- Errors:
--   through the functions it calls (p_part NULL): 22023, 23505, 54000
-- Example:
--   SELECT memory_store.import_put_item(NULL, 'm-1', NULL, 'context', '{"text": "x"}', NULL, now(), NULL, 5, ARRAY['a'], NULL, NULL);

CREATE OR REPLACE FUNCTION memory_store.import_put_item(p_part text, p_memory_id text, p_session_id text,
                                                        p_memory_type text, p_content jsonb, p_source_agent text,
                                                        p_created_at timestamptz, p_expires_at timestamptz,
                                                        p_priority integer, p_tags text[],
                                                        p_embedding extensions.vector, p_model text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_outcomes text[];
    v_state text;
    v_message text;
BEGIN
    IF p_part IS NULL THEN
        v_outcomes := ARRAY[memory_store.import_put_memory(p_memory_id, p_session_id, p_memory_type, p_content,
                                                           p_source_agent, p_created_at, p_expires_at, p_priority)];
        IF memory_store.import_put_tags(p_memory_id, coalesce(p_tags, ARRAY[]::text[])) > 0 THEN
            v_outcomes := v_outcomes || 'inserted'::text;
        END IF;
        IF p_embedding IS NOT NULL THEN
            v_outcomes := v_outcomes || memory_store.import_put_embedding(p_memory_id, p_embedding, p_model, p_created_at);
        END IF;
        RETURN jsonb_build_object('outcomes', to_jsonb(v_outcomes));
    END IF;
    BEGIN
        RETURN memory_store.import_put_item(NULL, p_memory_id, p_session_id, p_memory_type, p_content, p_source_agent,
                                            p_created_at, p_expires_at, p_priority, p_tags, p_embedding, p_model);
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
        RETURN jsonb_build_object('outcomes', '[]'::jsonb,
                                  'reject', jsonb_build_object('part', p_part, 'sqlstate', v_state, 'reason', v_message));
    END;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_put_item(p_part text, p_memory_id text, p_session_id text, p_memory_type text, p_content jsonb, p_source_agent text, p_created_at timestamp with time zone, p_expires_at timestamp with time zone, p_priority integer, p_tags text[], p_embedding extensions.vector, p_model text) IS 'Legacy import: put one memory of a record with its tags and embedding; with p_part a failure rejects that part alone. Example: SELECT memory_store.import_put_item(NULL, ''m-1'', NULL, ''context'', ''{"text": "x"}'', NULL, now(), NULL, 5, ARRAY[''a''], NULL, NULL);';
