-- Revert memory-orchestrator:write_path_plans from pg
-- The three triggers of an embedding and the earlier bodies again.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/tenancy/memory_user_id.v2.sql
\ir ../functions/history/memory_store/tenancy/user_id_by_session.v1.sql
\ir ../functions/history/memory_store/tenancy/sees_all_rows.v2.sql
\ir ../functions/history/memory_store/memories/dedupe_text.v1.sql
\ir ../functions/history/memory_store/memories/dedupe_key.v1.sql
\ir ../functions/history/memory_store/audit/sanitize_request.v3.sql
\ir ../functions/history/memory_store/memories/create_entry.v1.sql
\ir ../functions/history/memory_store/search/vector_embeddings_filter_columns.v1.sql
\ir ../functions/history/memory_store/sensitive/vector_embeddings_refuse_sensitive.v1.sql
REVOKE ALL ON FUNCTION memory_store.vector_embeddings_filter_columns() FROM PUBLIC;
REVOKE ALL ON FUNCTION memory_store.vector_embeddings_refuse_sensitive() FROM PUBLIC;

DROP TRIGGER vector_embeddings_from_memory ON memory_store.vector_embeddings;
CREATE TRIGGER vector_embeddings_set_user_id
    BEFORE INSERT OR UPDATE OF memory_id, user_id ON memory_store.vector_embeddings
    FOR EACH ROW EXECUTE FUNCTION memory_store.set_user_id_from_memory();
CREATE TRIGGER vector_embeddings_filter_columns
    BEFORE INSERT OR UPDATE OF memory_id ON memory_store.vector_embeddings
    FOR EACH ROW EXECUTE FUNCTION memory_store.vector_embeddings_filter_columns();
CREATE TRIGGER vector_embeddings_refuse_sensitive
    BEFORE INSERT OR UPDATE OF memory_id ON memory_store.vector_embeddings
    FOR EACH ROW EXECUTE FUNCTION memory_store.vector_embeddings_refuse_sensitive();

RESET ROLE;

ALTER FUNCTION memory_store.vector_embeddings_filter_columns() OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.vector_embeddings_refuse_sensitive() OWNER TO memory_maintainer;
GRANT EXECUTE ON FUNCTION memory_store.vector_embeddings_refuse_sensitive() TO memory_owner;
\ir ../functions/history/memory_store/tenancy/set_user_id_from_memory.v2.sql
DROP FUNCTION memory_store.vector_embeddings_from_memory();

COMMIT;
