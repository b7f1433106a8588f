-- memory_store.summarize_session_impl(p_session_id text, p_memory_types
--     text[], p_created_after timestamp with time zone, p_created_before
--     timestamp with time zone, p_max_sentences integer, p_store boolean,
--     OUT summary text, OUT memory_count integer, OUT stored boolean)
--     RETURNS record
--
-- Session summaries: the internal implementation (no audit row, typed
-- errors) and the dispatch handler of the summarize action. The summary
-- itself comes from memory_store.summarize_texts (PL/Python or SQL variant,
-- chosen at deploy).
--
-- Input: the text_content of the session's visible memories (is_active and
-- not expired), optionally only of some memory types and of a created_at
-- range [created_after, created_before), at most limits().max_page_size of
-- the newest, in created_at order. Errors: 22004 session_id or
-- max_sentences missing; 22023 a bad id, an unknown memory type, max_sentences
-- outside 1..50, created_after later than created_before; MO002 no such
-- session.
--
-- Errors:
--   22023 max_sentences must be between 1 and 50, got %
--   MO002 session % not found
--   through the functions it calls: 39004
-- Example:
--   memory_store.summarize_session_impl(p_session_id, p_memory_types,
--       p_created_after, p_created_before, p_max_sentences, p_store)
--   (as memory.summarize_session calls it)

CREATE OR REPLACE FUNCTION memory_store.summarize_session_impl(
    p_session_id text,
    p_memory_types text[],
    p_created_after timestamptz,
    p_created_before timestamptz,
    p_max_sentences integer,
    p_store boolean,
    OUT summary text,
    OUT memory_count integer,
    OUT stored boolean)
RETURNS record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_session_id text := memory_store.check_id('session_id', memory_store.require('session_id', p_session_id));
    v_max        integer := memory_store.require('max_sentences', p_max_sentences);
    v_texts      text[];
    v_type       text;
BEGIN
    IF v_max NOT BETWEEN 1 AND 50 THEN
        RAISE EXCEPTION 'max_sentences must be between 1 and 50, got %', v_max
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOREACH v_type IN ARRAY coalesce(p_memory_types, '{}'::text[]) LOOP
        PERFORM memory_store.check_memory_type(memory_store.require('memory_types[]', v_type));
    END LOOP;
    IF p_created_after > p_created_before THEN
        RAISE EXCEPTION 'created_after (%) is later than created_before (%)', p_created_after, p_created_before
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Lock the session when the summary is to be stored: a concurrent
    -- end_session then keeps this summary or replaces it, never interleaves.
    IF coalesce(p_store, false) THEN
        PERFORM 1 FROM memory_store.sessions AS s WHERE s.session_id = v_session_id FOR NO KEY UPDATE;
    ELSE
        PERFORM 1 FROM memory_store.sessions AS s WHERE s.session_id = v_session_id;
    END IF;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'session % not found', quote_literal(v_session_id) USING ERRCODE = 'MO002';
    END IF;

    SELECT coalesce(array_agg(recent.text_content ORDER BY recent.created_at, recent.memory_id), '{}'::text[]),
           count(*)::integer
      INTO v_texts, memory_count
      FROM (SELECT e.text_content, e.created_at, e.memory_id
              FROM memory_store.memory_entries AS e
             WHERE e.session_id = v_session_id
               AND e.is_active
               AND (e.expires_at IS NULL OR e.expires_at > now())
               AND (p_memory_types IS NULL OR e.memory_type = ANY (p_memory_types))
               AND (p_created_after IS NULL OR e.created_at >= p_created_after)
               AND (p_created_before IS NULL OR e.created_at < p_created_before)
             ORDER BY e.created_at DESC, e.memory_id DESC
             LIMIT (SELECT l.max_page_size FROM memory_store.limits() AS l)) AS recent;

    summary := memory_store.summarize_texts(v_texts, v_max);
    stored := false;
    -- No summary (no visible text) never overwrites a stored one.
    IF coalesce(p_store, false) AND summary IS NOT NULL THEN
        UPDATE memory_store.sessions AS s
           SET summary = summarize_session_impl.summary,
               updated_at = greatest(s.updated_at, now())
         WHERE s.session_id = v_session_id;
        stored := true;
    END IF;
END
$fn$;
