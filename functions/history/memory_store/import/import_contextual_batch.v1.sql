-- memory_store.import_contextual_batch(p_run_id bigint, p_limit integer)
--     RETURNS integer
--
-- The set-based path of a contextual_memory_pc2 run: takes up to p_limit
-- pending staged records, in file order, and, when every one of them is a
-- new context item (its context_id not in the tables yet), maps them all
-- with memory_store.import_context_fields and writes their stub sessions,
-- memories, tags and embeddings in one statement each, the same rows the
-- record mapping writes. All or nothing: any error (a bad record, a
-- conflict) raises, and import_run, which calls it in a subtransaction,
-- maps that batch record by record instead. Returns how many records it
-- imported (0 when the batch is not all new items: then nothing is
-- written).
--
-- Errors:
--   through the functions it calls: 22001, 22007, 22008, 22023, 22P02,
--   23505, 39004, 54000
-- Example:
--   SELECT memory_store.import_contextual_batch(1, 500);

CREATE OR REPLACE FUNCTION memory_store.import_contextual_batch(p_run_id bigint, p_limit integer)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_count integer;
BEGIN
    CREATE TEMPORARY TABLE IF NOT EXISTS pg_temp.import_batch (
        line_number integer, skeleton jsonb, memory_id text, session_id text, content jsonb, source_agent text,
        created_at timestamptz, expires_at timestamptz, priority integer, tags text[],
        embedding extensions.vector, embedding_model text) ON COMMIT DROP;
    TRUNCATE pg_temp.import_batch;
    CREATE TEMPORARY TABLE IF NOT EXISTS pg_temp.import_window (
        line_number integer, raw text, embedding text, record_key text, error_sqlstate text) ON COMMIT DROP;
    TRUNCATE pg_temp.import_window;
    INSERT INTO pg_temp.import_window
    SELECT s.line_number, s.raw, s.embedding, s.record_key, s.error_sqlstate FROM memory_store.import_staging s
     WHERE s.run_id = p_run_id AND s.status IS NULL
     ORDER BY s.line_number
     LIMIT p_limit;
    IF EXISTS (SELECT 1 FROM pg_temp.import_window w
                WHERE w.error_sqlstate IS NOT NULL OR w.record_key IS NULL
                   OR EXISTS (SELECT 1 FROM memory_store.memory_registry r WHERE r.memory_id = w.record_key)) THEN
        RETURN 0;                                  -- not all new, readable items: record by record
    END IF;

    INSERT INTO pg_temp.import_batch
    SELECT w.line_number,
           (w.j - 'embedding') || CASE WHEN jsonb_typeof(w.j -> 'embedding') = 'array' OR w.embedding IS NOT NULL
                                       THEN '{"embedding": true}'::jsonb ELSE '{}' END,
           f.*
      FROM (SELECT x.line_number, x.raw::jsonb AS j, x.embedding FROM pg_temp.import_window x) AS w
     CROSS JOIN LATERAL memory_store.import_context_fields(w.j, w.embedding) AS f;

    INSERT INTO memory_store.sessions (session_id, created_at, updated_at, metadata, session_type)
    SELECT DISTINCT ON (b.session_id) b.session_id, b.created_at, b.created_at, '{"import_stub": "contextual_memory_pc2"}',
           'context'
      FROM pg_temp.import_batch b WHERE b.session_id IS NOT NULL
     ORDER BY b.session_id, b.line_number
    ON CONFLICT (session_id) DO NOTHING;
    INSERT INTO memory_store.memory_entries (memory_id, session_id, memory_type, content, source_agent, created_at,
                                             updated_at, expires_at, priority)
    SELECT b.memory_id, b.session_id, 'context', b.content, b.source_agent, b.created_at, b.created_at, b.expires_at,
           b.priority
      FROM pg_temp.import_batch b ORDER BY b.line_number;
    INSERT INTO memory_store.memory_tags (memory_id, tag)
    SELECT b.memory_id, t.tag FROM pg_temp.import_batch b CROSS JOIN LATERAL unnest(b.tags) WITH ORDINALITY AS t(tag, pos)
     ORDER BY b.line_number, t.pos;
    INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model, created_at)
    SELECT b.memory_id, b.embedding, b.embedding_model, b.created_at
      FROM pg_temp.import_batch b WHERE b.embedding IS NOT NULL ORDER BY b.line_number;
    UPDATE memory_store.import_staging s SET status = 'imported', skeleton = b.skeleton
      FROM pg_temp.import_batch b
     WHERE s.run_id = p_run_id AND s.line_number = b.line_number;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_contextual_batch(p_run_id bigint, p_limit integer) IS 'Legacy import: the set-based path of a contextual run: up to p_limit pending records, all new context items, mapped and written in one statement per table; all or nothing (import_run falls back to record by record). Example: SELECT memory_store.import_contextual_batch(1, 500);';
