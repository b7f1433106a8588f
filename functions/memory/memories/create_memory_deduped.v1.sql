-- memory.create_memory_deduped(p_memory_type text, p_content jsonb,
--     p_session_id text DEFAULT NULL::text, p_source_agent text DEFAULT
--     NULL::text, p_tags text[] DEFAULT NULL::text[], p_ttl_seconds integer
--     DEFAULT NULL::integer, p_expires_at timestamp with time zone DEFAULT
--     NULL::timestamp with time zone, p_priority integer DEFAULT
--     NULL::integer, p_embedding extensions.vector DEFAULT
--     NULL::extensions.vector, p_embedding_model text DEFAULT NULL::text,
--     p_memory_id text DEFAULT NULL::text, p_dedupe text DEFAULT
--     'off'::text, p_min_similarity double precision DEFAULT
--     NULL::double precision) RETURNS memory.create_outcome
--
-- memory.create_memory_deduped: memory.create_memory's arguments plus
-- p_dedupe (off | exact | semantic) and p_min_similarity; answers what
-- happened (outcome added | updated | unchanged) and the memory that holds
-- the content. memory.create_memory keeps its answer (it is dedupe off).
--
-- Errors:
--   22004 missing (semantic without an embedding too), 22023 invalid (an
--   unknown dedupe or a threshold outside (0, 1] too), 54000 too big, MO002
--   unknown session, 23505 id taken by other content.
-- Example:
--   SELECT outcome, memory_id FROM memory.create_memory_deduped(p_memory_type => 'user_preference', p_content => '{"text": "I like tea"}', p_dedupe => 'exact');

CREATE OR REPLACE FUNCTION memory.create_memory_deduped(
    p_memory_type     text,
    p_content         jsonb,
    p_session_id      text DEFAULT NULL,
    p_source_agent    text DEFAULT NULL,
    p_tags            text[] DEFAULT NULL,
    p_ttl_seconds     integer DEFAULT NULL,
    p_expires_at      timestamptz DEFAULT NULL,
    p_priority        integer DEFAULT NULL,
    p_embedding       extensions.vector DEFAULT NULL,
    p_embedding_model text DEFAULT NULL,
    p_memory_id       text DEFAULT NULL,
    p_dedupe          text DEFAULT 'off',
    p_min_similarity  double precision DEFAULT NULL)
RETURNS memory.create_outcome
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result  memory.create_outcome;
    v_request jsonb := jsonb_build_object(
        'memory_type', p_memory_type, 'content', p_content, 'session_id', p_session_id,
        'source_agent', p_source_agent, 'tags', to_jsonb(p_tags), 'ttl', p_ttl_seconds, 'expires_at', p_expires_at,
        'priority', p_priority, 'embedding_dimensions', extensions.vector_dims(p_embedding),
        'embedding_model', p_embedding_model, 'memory_id', p_memory_id, 'dedupe', p_dedupe,
        'min_similarity', p_min_similarity);
BEGIN
    v_result := memory_store.create_deduped_impl(p_dedupe, p_memory_type, p_content, p_session_id, p_source_agent,
                                                 p_tags, p_ttl_seconds, p_expires_at, p_priority, p_embedding,
                                                 p_embedding_model, p_memory_id, p_min_similarity);
    PERFORM memory_store.audit('create', v_result.memory_id, v_result.session_id,
                               v_request || jsonb_build_object('outcome', v_result.outcome), true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('create', p_memory_id, p_session_id, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.create_memory_deduped(p_memory_type text, p_content jsonb, p_session_id text, p_source_agent text, p_tags text[], p_ttl_seconds integer, p_expires_at timestamp with time zone, p_priority integer, p_embedding extensions.vector, p_embedding_model text, p_memory_id text, p_dedupe text, p_min_similarity double precision) IS 'Creates a memory unless the user already holds it: p_dedupe off (default) | exact (same user, type and normalised text: NFKC, case, white space) | semantic (also an active memory of that user and type whose embedding is at least p_min_similarity similar, default the setting memory.dedupe_min_similarity, else 0.92). Returns outcome (added | updated: the survivor absorbed the content, a new version of it | unchanged), the surviving memory_id and similarity. Concurrent identical creates give one memory. Errors: 22004 missing (semantic without an embedding too), 22023 invalid (unknown dedupe, threshold outside (0, 1]), 54000 too big, MO002 unknown session, 23505 id taken by other content.
Example: SELECT outcome, memory_id FROM memory.create_memory_deduped(p_memory_type => ''user_preference'', p_content => ''{"text": "I like tea"}'', p_dedupe => ''exact'');';
