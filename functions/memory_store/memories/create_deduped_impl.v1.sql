-- memory_store.create_deduped_impl(p_dedupe text, p_memory_type text,
--     p_content jsonb, p_session_id text DEFAULT NULL::text, p_source_agent
--     text DEFAULT NULL::text, p_tags text[] DEFAULT NULL::text[],
--     p_ttl_seconds integer DEFAULT NULL::integer, p_expires_at timestamp
--     with time zone DEFAULT NULL::timestamp with time zone, p_priority
--     integer DEFAULT NULL::integer, p_embedding extensions.vector DEFAULT
--     NULL::extensions.vector, p_embedding_model text DEFAULT NULL::text,
--     p_memory_id text DEFAULT NULL::text, p_min_similarity double precision
--     DEFAULT NULL::double precision) RETURNS memory.create_outcome
--
-- Create a memory unless the user already holds it. p_dedupe:
--   off       create as memory_store.create_memory_impl does: 'added'
--             ('unchanged' when a caller-chosen memory_id returned the
--             memory an earlier transaction made);
--   exact     an active memory of the same user and type whose normalised
--             text (memory_store.dedupe_text) is the same survives;
--   semantic  as exact, else the active memory of the same user and type
--             whose embedding (same model) is the nearest, if its cosine
--             similarity is at least the threshold
--             (memory_store.dedupe_min_similarity(p_min_similarity)).
-- A survivor absorbs the new create (memory_store.dedupe_absorb):
-- 'updated' or 'unchanged'; none: 'added'. The user is the session's, or
-- the tenant the caller acts for. Concurrent creates of the same user,
-- type and normalised text are serialised by a claim row in
-- memory_store.dedupe_claims (unique key; the second inserter waits for the
-- first transaction, then looks again): N of them give one memory under
-- READ COMMITTED. The claim row is deleted before returning, so the table
-- stays empty; only creates of that very text for that user can wait on
-- it. A caller-chosen memory_id that exists is an idempotent retry (as
-- with off), not a lookup.
--
-- Errors:
--   22023 dedupe must be off, exact or semantic, got %
--   22004 dedupe semantic needs an embedding (and its model)
--   through the functions it calls: 22004, 22023, 23505, 39004, 54000,
--   MO001, MO002
-- Example:
--   SELECT * FROM memory_store.create_deduped_impl('exact', 'context', '{"text": "I like tea"}');

CREATE OR REPLACE FUNCTION memory_store.create_deduped_impl(
    p_dedupe          text,
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
    p_min_similarity  double precision DEFAULT NULL)
RETURNS memory.create_outcome
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_mode       text := coalesce(p_dedupe, 'off');
    v_threshold  double precision;
    v_user       text;
    v_text       text;
    v_key        uuid;
    v_expires    timestamptz;
    v_found      record;
    v_similarity double precision;
    v_outcome    text;
    v_record     memory.memory_record;
BEGIN
    IF v_mode NOT IN ('off', 'exact', 'semantic') THEN
        RAISE EXCEPTION 'dedupe must be off, exact or semantic, got %', quote_literal(left(v_mode, 32))
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_mode = 'semantic' THEN
        IF p_embedding IS NULL OR p_embedding_model IS NULL THEN
            RAISE EXCEPTION 'dedupe semantic needs an embedding and its embedding_model'
                USING ERRCODE = 'null_value_not_allowed';
        END IF;
        v_threshold := memory_store.dedupe_min_similarity(p_min_similarity);
    ELSIF p_min_similarity IS NOT NULL THEN
        PERFORM memory_store.dedupe_min_similarity(p_min_similarity);
    END IF;
    IF v_mode = 'off' OR (p_memory_id IS NOT NULL AND EXISTS (
            SELECT 1 FROM memory_store.memory_registry r WHERE r.memory_id = p_memory_id)) THEN
        v_record := memory_store.create_memory_impl(p_memory_type, p_content, p_session_id, p_source_agent, p_tags,
                                                    p_ttl_seconds, p_expires_at, p_priority, p_embedding,
                                                    p_embedding_model, p_memory_id);
        RETURN (CASE WHEN v_record.created_at < now() THEN 'unchanged' ELSE 'added' END,
                v_record.memory_id, v_record.session_id, v_record.created_at, v_record.updated_at,
                v_record.expires_at, NULL::double precision)::memory.create_outcome;
    END IF;

    -- Bad input fails here, before any claim or lookup: the create's own checks.
    v_expires := memory_store.expiry(p_ttl_seconds, p_expires_at);
    PERFORM memory_store.create_check(p_memory_type, p_content, p_session_id, p_source_agent, p_priority, v_expires,
                                      p_embedding, p_embedding_model, false);
    v_user := CASE WHEN p_session_id IS NOT NULL
                   THEN (SELECT s.user_id FROM memory_store.sessions s WHERE s.session_id = p_session_id)
                   ELSE memory_store.current_tenant() END;
    v_text := memory_store.dedupe_text(p_content);
    v_key := md5(v_text)::uuid;

    -- The claim: a concurrent creator of the same text waits here until we commit.
    INSERT INTO memory_store.dedupe_claims (claimed_for, memory_type, text_key)
    VALUES (v_user, p_memory_type, v_key)
    ON CONFLICT DO NOTHING;

    SELECT f.memory_id, f.created_at INTO v_found
      FROM memory_store.dedupe_find(v_user, p_memory_type, v_text) f;
    IF v_found.memory_id IS NOT NULL THEN
        v_similarity := 1;
    ELSIF v_mode = 'semantic' THEN
        SELECT n.memory_id, n.created_at, n.similarity INTO v_found
          FROM memory_store.dedupe_nearest(v_user, p_memory_type, p_embedding, p_embedding_model) n
         WHERE n.similarity >= v_threshold;
        v_similarity := v_found.similarity;
    END IF;

    IF v_found.memory_id IS NULL THEN
        v_record := memory_store.create_memory_impl(p_memory_type, p_content, p_session_id, p_source_agent, p_tags,
                                                    p_ttl_seconds, p_expires_at, p_priority, p_embedding,
                                                    p_embedding_model, p_memory_id);
        v_outcome := 'added';
    ELSE
        v_outcome := memory_store.dedupe_absorb(v_found.memory_id, v_found.created_at, p_content, p_tags,
                                                v_expires, p_priority,
                                                p_embedding, p_embedding_model);
        v_record := memory_store.read_memory_impl(v_found.memory_id, true);
    END IF;
    DELETE FROM memory_store.dedupe_claims c
     WHERE (c.claimed_for = v_user OR (v_user IS NULL AND c.claimed_for IS NULL))
       AND c.memory_type = p_memory_type AND c.text_key = v_key;
    RETURN (v_outcome, v_record.memory_id, v_record.session_id, v_record.created_at, v_record.updated_at,
            v_record.expires_at, v_similarity)::memory.create_outcome;
END
$fn$;

COMMENT ON FUNCTION memory_store.create_deduped_impl(p_dedupe text, p_memory_type text, p_content jsonb, p_session_id text, p_source_agent text, p_tags text[], p_ttl_seconds integer, p_expires_at timestamp with time zone, p_priority integer, p_embedding extensions.vector, p_embedding_model text, p_memory_id text, p_min_similarity double precision) IS 'Create with deduplication (off | exact | semantic): the outcome added, updated or unchanged and the surviving memory; concurrent identical creates serialised by a claim row (memory_store.dedupe_claims). Errors: 22023 bad dedupe or threshold, 22004 semantic without an embedding, and those of create_memory_impl.
Example: SELECT * FROM memory_store.create_deduped_impl(''exact'', ''context'', ''{"text": "I like tea"}'');';
