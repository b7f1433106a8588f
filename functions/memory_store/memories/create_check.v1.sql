-- memory_store.create_check(p_memory_type text, p_content jsonb,
--     p_session_id text, p_source_agent text, p_priority integer,
--     p_expires_at timestamp with time zone, p_embedding extensions.vector,
--     p_embedding_model text, p_sensitive boolean) RETURNS void
--
-- The checks of a create, before anything is written: memory type, content
-- (size bound included), priority, ids, embedding and its model (a
-- sensitive memory takes none), expiry in the future, the session exists
-- (and is visible to the caller).
--
-- Errors:
--   22023 expires_at must be in the future
--   22023 a sensitive memory takes no embedding
--   MO002 session % not found
--   through the functions it calls: 22004, 22023, 54000
-- Example:
--   SELECT memory_store.create_check('context', '{"text": "hi"}', NULL, NULL, NULL, NULL, NULL, NULL, false);

CREATE OR REPLACE FUNCTION memory_store.create_check(
    p_memory_type     text,
    p_content         jsonb,
    p_session_id      text,
    p_source_agent    text,
    p_priority        integer,
    p_expires_at      timestamptz,
    p_embedding       extensions.vector,
    p_embedding_model text,
    p_sensitive       boolean)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM memory_store.check_memory_type(memory_store.require('memory_type', p_memory_type));
    PERFORM memory_store.check_content(memory_store.require('content', p_content));
    PERFORM memory_store.check_priority(p_priority);
    PERFORM memory_store.check_id('session_id', p_session_id);
    PERFORM memory_store.check_id('source_agent', p_source_agent);
    PERFORM memory_store.check_embedding(p_embedding);
    IF p_embedding IS NOT NULL THEN
        IF p_sensitive THEN
            RAISE EXCEPTION 'a sensitive memory takes no embedding (an embedding carries the meaning of its text)'
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        PERFORM memory_store.check_id('embedding_model', memory_store.require('embedding_model', p_embedding_model));
    END IF;
    IF p_expires_at IS NOT NULL AND p_expires_at <= now() THEN
        RAISE EXCEPTION 'expires_at must be in the future' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_session_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM memory_store.sessions WHERE session_id = p_session_id) THEN
        RAISE EXCEPTION 'session % not found', quote_literal(p_session_id) USING ERRCODE = 'MO002';
    END IF;
END
$fn$;

COMMENT ON FUNCTION memory_store.create_check(p_memory_type text, p_content jsonb, p_session_id text, p_source_agent text, p_priority integer, p_expires_at timestamp with time zone, p_embedding extensions.vector, p_embedding_model text, p_sensitive boolean) IS 'The checks of a create before anything is written (type, content, priority, ids, embedding, expiry, session). Errors: 22004 missing, 22023 invalid, 54000 too big, MO002 unknown session.
Example: SELECT memory_store.create_check(''context'', ''{"text": "hi"}'', NULL, NULL, NULL, NULL, NULL, NULL, false);';
