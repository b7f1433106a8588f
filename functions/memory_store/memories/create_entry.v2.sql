-- memory_store.create_entry(p_memory_type text, p_content jsonb,
--     p_session_id text, p_source_agent text, p_tags text[],
--     p_ttl_seconds integer, p_expires_at timestamp with time zone,
--     p_priority integer, p_memory_id text, p_embedding extensions.vector
--     DEFAULT NULL::extensions.vector, p_embedding_model text DEFAULT
--     NULL::text, p_key text DEFAULT NULL::text) RETURNS memory.memory_record
--
-- The one create path of plain and sensitive memories: validation, then at
-- most three rounds of idempotency check and insert. A caller-chosen
-- memory_id makes the call idempotent: the same id with the same type,
-- session and content (decrypted, for a sensitive memory) returns the
-- existing memory; with anything else it is a conflict (23505). A concurrent
-- creator of the same caller-chosen id that is not committed yet is
-- invisible to the check; the registry claim (trigger
-- memory_entries_claim_id) then waits for it and raises 23505 once it has
-- committed. The next round's check (a new snapshot under READ COMMITTED)
-- sees the winner. A third round covers a winner deleted between our check
-- and our insert. p_key given: the memory is sensitive, its content stored
-- encrypted under that key (the row's content is the stub) and the answer
-- carries the plaintext; a sensitive memory takes no embedding.
--
-- Errors:
--   23505 memory id % already exists
--   through the functions it calls: 22004, 22023, 39004, 54000, MO001,
--   MO002
-- Example:
--   SELECT (memory_store.create_entry('context', '{"text": "hi"}', NULL, NULL, NULL, NULL, NULL, NULL, NULL)).memory_id;

CREATE OR REPLACE FUNCTION memory_store.create_entry(
    p_memory_type     text,
    p_content         jsonb,
    p_session_id      text,
    p_source_agent    text,
    p_tags            text[],
    p_ttl_seconds     integer,
    p_expires_at      timestamptz,
    p_priority        integer,
    p_memory_id       text,
    p_embedding       extensions.vector DEFAULT NULL,
    p_embedding_model text DEFAULT NULL,
    p_key             text DEFAULT NULL)
RETURNS memory.memory_record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_memory_id  text := coalesce(memory_store.check_id('memory_id', p_memory_id), 'm-' || gen_random_uuid());
    v_tags       text[] := coalesce(memory_store.clean_tags(p_tags), '{}');
    v_expires_at timestamptz := memory_store.expiry(p_ttl_seconds, p_expires_at);
    v_sensitive  boolean := p_key IS NOT NULL;
    v_existing   memory.memory_record;
    v_cipher     bytea;
    v_result     memory.memory_record;
BEGIN
    PERFORM memory_store.create_check(p_memory_type, p_content, p_session_id, p_source_agent, p_priority, v_expires_at,
                                      p_embedding, p_embedding_model, v_sensitive);

    FOR v_attempt IN 1 .. 3 LOOP
        IF p_memory_id IS NOT NULL THEN
            -- Idempotent retry: the same memory again is not an error.
            BEGIN
                v_existing := memory_store.read_memory_impl(v_memory_id, true);
            EXCEPTION WHEN SQLSTATE 'MO001' THEN
                v_existing := NULL;
            END;
            IF v_existing.memory_id IS NOT NULL THEN
                IF v_existing.memory_type = p_memory_type
                   AND v_existing.session_id IS NOT DISTINCT FROM p_session_id THEN
                    IF NOT v_sensitive AND v_existing.content = p_content THEN
                        RETURN v_existing;
                    END IF;
                    v_cipher := CASE WHEN v_sensitive THEN memory_store.sensitive_cipher(v_existing) END;
                    IF v_cipher IS NOT NULL
                       AND memory_store.decrypt_content(v_memory_id, v_cipher, p_key, false) = p_content THEN
                        v_existing.content := p_content;
                        v_existing.text_content := p_content ->> 'text';
                        RETURN v_existing;
                    END IF;
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
                (memory_id, session_id, memory_type, content, is_sensitive, content_encrypted, source_agent,
                 expires_at, priority)
            VALUES (v_memory_id, p_session_id, p_memory_type,
                    CASE WHEN v_sensitive THEN memory_store.sensitive_stub() ELSE p_content END, v_sensitive,
                    CASE WHEN v_sensitive THEN memory_store.encrypt_content(v_memory_id, p_content, p_key) END,
                    coalesce(p_source_agent, p_content ->> 'source_agent', memory_store.current_agent_id()),
                    v_expires_at, coalesce(p_priority, 5))
            -- The row as its triggers left it, with the tags it is given
            -- (clean_tags: distinct and sorted, as a read returns them):
            -- no read of the new memory back.
            RETURNING memory_id, session_id, memory_type, content, text_content, source_agent, created_at, updated_at,
                      expires_at, priority, is_active, v_tags
                 INTO v_result;
            INSERT INTO memory_store.memory_tags (memory_id, tag) SELECT v_memory_id, unnest(v_tags);
            IF p_embedding IS NOT NULL THEN
                INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model)
                VALUES (v_memory_id, p_embedding, p_embedding_model);
            END IF;
            IF v_sensitive THEN
                v_result.content := p_content;
                v_result.text_content := p_content ->> 'text';
            END IF;
            RETURN v_result;
        EXCEPTION WHEN unique_violation THEN
            -- Only the id claim can conflict (the memory is new: its tags and
            -- embedding cannot exist yet). A generated id never collides in
            -- practice; a caller-chosen one goes round again.
            IF p_memory_id IS NULL OR v_attempt = 3 THEN
                RAISE;
            END IF;
        END;
    END LOOP;
    RAISE EXCEPTION 'memory id % could not be created after 3 attempts', quote_literal(v_memory_id)
        USING ERRCODE = 'unique_violation';
END
$fn$;

COMMENT ON FUNCTION memory_store.create_entry(p_memory_type text, p_content jsonb, p_session_id text, p_source_agent text, p_tags text[], p_ttl_seconds integer, p_expires_at timestamp with time zone, p_priority integer, p_memory_id text, p_embedding extensions.vector, p_embedding_model text, p_key text) IS 'The one create path of plain and sensitive memories (p_key given: sensitive, content encrypted under it): validation, idempotent retry of a caller-chosen id, at most three rounds against a concurrent creator of that id. Errors: 22004 missing, 22023 invalid, 54000 too big, MO002 unknown session, 23505 id taken by other content.
Example: SELECT (memory_store.create_entry(''context'', ''{"text": "hi"}'', NULL, NULL, NULL, NULL, NULL, NULL, NULL)).memory_id;';
