-- Deploy memory-orchestrator:semantic_filter_columns to pg
-- requires: read_path_cost
-- The semantic path at the speed of the bare statement (issue 16, point 2):
--   vector_embeddings: session_id, memory_type, source_agent, is_active,
--     expires_at, memory_created_at (the memory's), kept in step by the
--     triggers vector_embeddings_filter_columns (on an embedding's insert)
--     and memory_entries_filter_columns (on a memory's insert or change);
--     index on session_id. A filtered candidate scan then needs no join to
--     the monthly partitions of memory_entries (docs/deviations.md).
--   search_semantic_candidates (new)  the candidate scan of semantic and
--     hybrid search: one statement on one table, planned once per session (exact
--     for a small user or session, else HNSW), filters inlined from
--     search_embedding_filter (new)
--   search_memory_row (new)           a candidate's row, one partition read
--   search_semantic_impl v4, search_hybrid_impl v5
--                                     static statements over the two above;
--                                     search_vector_sql dropped (unused)
--   search_hnsw_settings v3           ef_search by the graph's size (40 up
--                                     to 20,000 vectors, 64 up to 100,000,
--                                     100 above)
--   memory_page_read v2               batch reads planned per call for the
--                                     given filters (custom plan), a user's
--                                     sessions looked up first
--   dispatch_page_read (new)          the one body of the dispatch actions
--                                     batch_read (dispatch_batch_read v3)
--                                     and batch_read_archived
--                                     (dispatch_batch_read_archived v2)
BEGIN;

SET LOCAL ROLE memory_owner;

-- pgvector's settings (hnsw.*) in the search functions' SET clauses are known
-- only once the library is loaded.
SELECT extensions.vector_dims('[1]'::extensions.vector) AS pgvector_loaded \gset

-- The archive keeps every column of the hot table (memory_store.archive_columns).
DO $$
DECLARE
    v_table text;
BEGIN
    FOREACH v_table IN ARRAY ARRAY['memory_store.vector_embeddings', 'memory_archive.vector_embeddings'] LOOP
        EXECUTE pg_catalog.format('ALTER TABLE %s ADD COLUMN session_id varchar(64), ADD COLUMN memory_type varchar(32), '
                                  'ADD COLUMN source_agent varchar(64), ADD COLUMN is_active boolean, '
                                  'ADD COLUMN expires_at timestamptz, ADD COLUMN memory_created_at timestamptz',
                                  v_table);
    END LOOP;
END
$$;
COMMENT ON COLUMN memory_store.vector_embeddings.session_id IS 'The memory''s session_id (search filter); set by trigger';
COMMENT ON COLUMN memory_store.vector_embeddings.memory_type IS 'The memory''s memory_type (search filter); set by trigger';
COMMENT ON COLUMN memory_store.vector_embeddings.source_agent IS 'The memory''s source_agent (search filter); set by trigger';
COMMENT ON COLUMN memory_store.vector_embeddings.is_active IS 'The memory''s is_active (search visibility); set by trigger';
COMMENT ON COLUMN memory_store.vector_embeddings.expires_at IS 'The memory''s expires_at (search visibility); set by trigger';
COMMENT ON COLUMN memory_store.vector_embeddings.memory_created_at IS
    'The memory''s created_at (search filter, and the partition of memory_entries that holds it); set by trigger';

\ir ../functions/history/memory_store/search/vector_embeddings_filter_columns.v1.sql
\ir ../functions/memory_store/search/memory_entries_filter_columns.v1.sql
\ir ../functions/memory_store/search/search_embedding_filter.v1.sql
\ir ../functions/memory_store/search/search_memory_row.v1.sql
\ir ../functions/history/memory_store/search/search_hnsw_settings.v3.sql
\ir ../functions/history/memory_store/search/search_semantic_candidates.v1.sql
\ir ../functions/history/memory_store/search/search_semantic_impl.v4.sql
\ir ../functions/memory_store/search/search_hybrid_impl.v5.sql
\ir ../functions/memory_store/memories/memory_page_read.v2.sql
\ir ../functions/memory_store/memories/dispatch_page_read.v1.sql
\ir ../functions/memory_store/memories/dispatch_batch_read.v3.sql
\ir ../functions/memory_store/archive/dispatch_batch_read_archived.v2.sql
DROP FUNCTION memory_store.search_vector_sql(text, boolean, boolean, boolean);

REVOKE ALL ON FUNCTION memory_store.vector_embeddings_filter_columns() FROM PUBLIC;
REVOKE ALL ON FUNCTION memory_store.memory_entries_filter_columns() FROM PUBLIC;
REVOKE ALL ON FUNCTION memory_store.search_embedding_filter(memory_store.vector_embeddings, boolean, text[], text, text,
                                                            text, timestamptz, timestamptz, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION memory_store.dispatch_page_read(jsonb, text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION memory_store.search_memory_row(text, timestamptz, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION memory_store.search_semantic_candidates(extensions.vector, text[], text, text, text, text[],
                                                               timestamptz, timestamptz, boolean, text, integer) FROM PUBLIC;

-- The embeddings there are (the triggers below keep them in step from now on).
UPDATE memory_store.vector_embeddings ve
   SET session_id = me.session_id, memory_type = me.memory_type, source_agent = me.source_agent,
       is_active = me.is_active, expires_at = me.expires_at, memory_created_at = me.created_at
  FROM memory_store.memory_entries me
 WHERE me.memory_id = ve.memory_id;

-- BEFORE triggers fire in name order: after vector_embeddings_refuse_sensitive.
CREATE TRIGGER vector_embeddings_filter_columns
    BEFORE INSERT OR UPDATE OF memory_id ON memory_store.vector_embeddings
    FOR EACH ROW EXECUTE FUNCTION memory_store.vector_embeddings_filter_columns();
CREATE TRIGGER memory_entries_filter_columns_inserted
    AFTER INSERT ON memory_store.memory_entries
    FOR EACH ROW EXECUTE FUNCTION memory_store.memory_entries_filter_columns();
CREATE TRIGGER memory_entries_filter_columns_changed
    AFTER UPDATE ON memory_store.memory_entries
    FOR EACH ROW WHEN ((OLD.session_id, OLD.memory_type, OLD.source_agent, OLD.is_active, OLD.expires_at)
                       IS DISTINCT FROM (NEW.session_id, NEW.memory_type, NEW.source_agent, NEW.is_active, NEW.expires_at))
    EXECUTE FUNCTION memory_store.memory_entries_filter_columns();

CREATE INDEX idx_vector_embeddings_session_id ON memory_store.vector_embeddings (session_id);

RESET ROLE;

-- The triggers read and write every tenant's rows (the tenant policies admit
-- memory_maintainer), like the tenancy triggers.
ALTER FUNCTION memory_store.vector_embeddings_filter_columns() OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.memory_entries_filter_columns() OWNER TO memory_maintainer;

COMMIT;
