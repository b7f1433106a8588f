-- memory_store.create_memory_impl(p_memory_type text, p_content jsonb,
--     p_session_id text DEFAULT NULL::text, p_source_agent text DEFAULT
--     NULL::text, p_tags text[] DEFAULT NULL::text[], p_ttl_seconds integer
--     DEFAULT NULL::integer, p_expires_at timestamp with time zone DEFAULT
--     NULL::timestamp with time zone, p_priority integer DEFAULT
--     NULL::integer, p_embedding extensions.vector DEFAULT
--     NULL::extensions.vector, p_embedding_model text DEFAULT NULL::text,
--     p_memory_id text DEFAULT NULL::text) RETURNS memory.memory_record
--
-- Create a memory with its tags and optional embedding. A caller-chosen
-- memory_id makes the call idempotent: the same id with the same type,
-- session and content returns the existing memory; with anything else it is
-- a conflict (23505).
--
-- Errors:
--   22023 expires_at must be in the future
--   MO002 session % not found
--   23505 memory id % already exists
--   through the functions it calls: 39004, 54000, MO001
-- Example:
--   memory_store.create_memory_impl(p_memory_type, p_content,
--       p_session_id, p_source_agent, p_tags, p_ttl_seconds,
--       p_expires_at, p_priority, p_embedding, p_embedding_model,
--       p_memory_id)
--   (as memory.create_memory calls it)

CREATE OR REPLACE FUNCTION memory_store.create_memory_impl(
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
    p_memory_id       text DEFAULT NULL)
RETURNS memory.memory_record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_memory_id  text := coalesce(memory_store.check_id('memory_id', p_memory_id), 'm-' || gen_random_uuid());
    v_tags       text[] := coalesce(memory_store.clean_tags(p_tags), '{}');
    v_expires_at timestamptz := memory_store.expiry(p_ttl_seconds, p_expires_at);
    v_existing   memory.memory_record;
BEGIN
    PERFORM memory_store.check_memory_type(memory_store.require('memory_type', p_memory_type));
    PERFORM memory_store.check_content(memory_store.require('content', p_content));
    PERFORM memory_store.check_priority(p_priority);
    PERFORM memory_store.check_id('session_id', p_session_id);
    PERFORM memory_store.check_id('source_agent', p_source_agent);
    PERFORM memory_store.check_embedding(p_embedding);
    IF p_embedding IS NOT NULL THEN
        PERFORM memory_store.check_id('embedding_model', memory_store.require('embedding_model', p_embedding_model));
    END IF;
    IF v_expires_at IS NOT NULL AND v_expires_at <= now() THEN
        RAISE EXCEPTION 'expires_at must be in the future' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_session_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM memory_store.sessions WHERE session_id = p_session_id) THEN
        RAISE EXCEPTION 'session % not found', quote_literal(p_session_id) USING ERRCODE = 'MO002';
    END IF;

    -- At most three rounds: check idempotency, insert. A concurrent creator
    -- of the same caller-chosen id that is not committed yet is invisible to
    -- the check; the registry claim (trigger memory_entries_claim_id) then
    -- waits for it and raises 23505 once it has committed. The next round's
    -- check (a new snapshot under READ COMMITTED) sees the winner: the same
    -- memory is returned, other content is 23505 as without the race. A third
    -- round covers a winner deleted between our check and our insert.
    FOR v_attempt IN 1 .. 3 LOOP
        IF p_memory_id IS NOT NULL THEN
            -- Idempotent retry: the same memory again is not an error.
            BEGIN
                v_existing := memory_store.read_memory_impl(v_memory_id, true);
            EXCEPTION WHEN SQLSTATE 'MO001' THEN
                v_existing := NULL;
            END;
            IF v_existing.memory_id IS NOT NULL THEN
                IF v_existing.memory_type = p_memory_type AND v_existing.content = p_content
                   AND v_existing.session_id IS NOT DISTINCT FROM p_session_id THEN
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
                (memory_id, session_id, memory_type, content, source_agent, expires_at, priority)
            VALUES (v_memory_id, p_session_id, p_memory_type, p_content,
                    coalesce(p_source_agent, p_content ->> 'source_agent', memory_store.current_agent_id()),
                    v_expires_at, coalesce(p_priority, 5));
            INSERT INTO memory_store.memory_tags (memory_id, tag) SELECT v_memory_id, unnest(v_tags);
            IF p_embedding IS NOT NULL THEN
                INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model)
                VALUES (v_memory_id, p_embedding, p_embedding_model);
            END IF;
            RETURN memory_store.read_memory_impl(v_memory_id, true);
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
