-- memory_store.create_sensitive_memory_impl(p_memory_type text, p_content
--     jsonb, p_session_id text DEFAULT NULL::text, p_source_agent text
--     DEFAULT NULL::text, p_tags text[] DEFAULT NULL::text[], p_ttl_seconds
--     integer DEFAULT NULL::integer, p_expires_at timestamp with time zone
--     DEFAULT NULL::timestamp with time zone, p_priority integer DEFAULT
--     NULL::integer, p_memory_id text DEFAULT NULL::text) RETURNS
--     memory.memory_record
--
-- Create a sensitive memory: the same arguments, validation and idempotent
-- retry as create_memory_impl (keep the two in step), minus the embedding,
-- which a sensitive memory never has: a vector that places the text in
-- meaning space is a summary of it. The content is validated as plaintext
-- (size bound included) and stored encrypted; the row's content is the stub.
-- The answer carries the plaintext (the caller holds the key).
--
-- Errors:
--   as create_memory_impl, plus 22004 no key, 22023 bad key.
-- Example:
--   SELECT (memory_store.create_sensitive_memory_impl('context', '{"text": "PIN 1234"}')).memory_id;

CREATE OR REPLACE FUNCTION memory_store.create_sensitive_memory_impl(
    p_memory_type  text,
    p_content      jsonb,
    p_session_id   text DEFAULT NULL,
    p_source_agent text DEFAULT NULL,
    p_tags         text[] DEFAULT NULL,
    p_ttl_seconds  integer DEFAULT NULL,
    p_expires_at   timestamptz DEFAULT NULL,
    p_priority     integer DEFAULT NULL,
    p_memory_id    text DEFAULT NULL)
RETURNS memory.memory_record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_memory_id  text := coalesce(memory_store.check_id('memory_id', p_memory_id), 'm-' || gen_random_uuid());
    v_tags       text[] := coalesce(memory_store.clean_tags(p_tags), '{}');
    v_expires_at timestamptz := memory_store.expiry(p_ttl_seconds, p_expires_at);
    v_key        text;
    v_existing   memory.memory_record;
    v_cipher     bytea;
    v_result     memory.memory_record;
BEGIN
    PERFORM memory_store.check_memory_type(memory_store.require('memory_type', p_memory_type));
    PERFORM memory_store.check_content(memory_store.require('content', p_content));
    PERFORM memory_store.check_priority(p_priority);
    PERFORM memory_store.check_id('session_id', p_session_id);
    PERFORM memory_store.check_id('source_agent', p_source_agent);
    IF v_expires_at IS NOT NULL AND v_expires_at <= now() THEN
        RAISE EXCEPTION 'expires_at must be in the future' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_key := memory_store.encryption_key(true);
    IF p_session_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM memory_store.sessions WHERE session_id = p_session_id) THEN
        RAISE EXCEPTION 'session % not found', quote_literal(p_session_id) USING ERRCODE = 'MO002';
    END IF;

    -- At most three rounds of check and insert, as create_memory_impl v2:
    -- a creator that loses the id claim to a concurrent creator of the same
    -- id checks again once the winner has committed.
    FOR v_attempt IN 1 .. 3 LOOP
        IF p_memory_id IS NOT NULL THEN
            -- Idempotent retry: the same sensitive memory again (same type,
            -- session and decrypted content) is not an error; anything else
            -- under this id is a conflict.
            BEGIN
                v_existing := memory_store.read_memory_impl(v_memory_id, true);
            EXCEPTION WHEN SQLSTATE 'MO001' THEN
                v_existing := NULL;
            END;
            IF v_existing.memory_id IS NOT NULL THEN
                v_cipher := memory_store.sensitive_cipher(v_existing);
                IF v_cipher IS NOT NULL AND v_existing.memory_type = p_memory_type
                   AND v_existing.session_id IS NOT DISTINCT FROM p_session_id
                   AND memory_store.decrypt_content(v_memory_id, v_cipher, v_key, false) = p_content THEN
                    v_existing.content := p_content;
                    v_existing.text_content := p_content ->> 'text';
                    RETURN v_existing;
                END IF;
                -- Word for word what the registry's claim raises for an id
                -- the caller cannot see: a taken id reads the same whoever holds it.
                RAISE EXCEPTION 'memory id % already exists', v_memory_id
                    USING ERRCODE = 'unique_violation',
                          SCHEMA = 'memory_store', TABLE = 'memory_registry',
                          CONSTRAINT = 'memory_registry_pkey';
            END IF;
        END IF;

        BEGIN
            INSERT INTO memory_store.memory_entries
                (memory_id, session_id, memory_type, content, is_sensitive, content_encrypted, source_agent, expires_at, priority)
            VALUES (v_memory_id, p_session_id, p_memory_type, memory_store.sensitive_stub(), true,
                    memory_store.encrypt_content(v_memory_id, p_content, v_key),
                    coalesce(p_source_agent, p_content ->> 'source_agent', memory_store.current_agent_id()),
                    v_expires_at, coalesce(p_priority, 5));
            INSERT INTO memory_store.memory_tags (memory_id, tag) SELECT v_memory_id, unnest(v_tags);
        EXCEPTION WHEN unique_violation THEN
            IF p_memory_id IS NULL OR v_attempt = 3 THEN
                RAISE;
            END IF;
            CONTINUE;
        END;
        EXIT;
    END LOOP;
    v_result := memory_store.read_memory_impl(v_memory_id, true);
    v_result.content := p_content;
    v_result.text_content := p_content ->> 'text';
    RETURN v_result;
END
$fn$;

COMMENT ON FUNCTION memory_store.create_sensitive_memory_impl(p_memory_type text, p_content jsonb, p_session_id text, p_source_agent text, p_tags text[], p_ttl_seconds integer, p_expires_at timestamp with time zone, p_priority integer, p_memory_id text) IS 'Creates a sensitive memory: content encrypted with the caller''s key (memory.encryption_key), stub in the content column, no embedding. Errors: as create_memory_impl, plus 22004 no key, 22023 bad key.
Example: SELECT (memory_store.create_sensitive_memory_impl(''context'', ''{"text": "PIN 1234"}'')).memory_id;';
