-- Deploy memory-orchestrator:write_path_plans to pg
-- requires: keyword_pool_windows
-- The write without the planning and the second looks it did on every call
-- (issue 16, the write's cost and throughput beside a bare insert). A write
-- of a memory with two tags and an embedding planned, on each call, the
-- partitioned look-up of its memory for every tag and for the embedding
-- (PL/pgSQL picks a custom plan when a generic one over every partition
-- looks dearer), the session's user (an SQL function that is not inlined)
-- and the dedupe index expression (SQL functions with SET clauses); it read
-- the memory three times for its embedding's three triggers and once more
-- to return it.
--   memory_user_id v3                  generic plans: planned once per session
--   vector_embeddings_from_memory v1   (new) one read of the memory for an
--                                      embedding: user_id, the search filter
--                                      columns and the sensitive refusal, in
--                                      place of three triggers
--                                      (vector_embeddings_set_user_id,
--                                      _filter_columns, _refuse_sensitive)
--   set_user_id_from_memory v3         memory_tags only now (header, comment)
--   user_id_by_session v2              PL/pgSQL: planned once per session
--   dedupe_text v2, dedupe_key v2      inlined: no SET clause, not STRICT,
--                                      every name qualified
--   sees_all_rows v3                   one body, no nested definer calls
--   sanitize_request v4                an object rebuilt in one statement;
--                                      short scalars of arrays kept in place
--   create_entry v2                    the new row from INSERT ... RETURNING,
--                                      no read back
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/memory_store/tenancy/memory_user_id.v3.sql
\ir ../functions/memory_store/tenancy/user_id_by_session.v2.sql
\ir ../functions/memory_store/tenancy/sees_all_rows.v3.sql
\ir ../functions/memory_store/memories/dedupe_text.v2.sql
\ir ../functions/memory_store/memories/dedupe_key.v2.sql
\ir ../functions/memory_store/audit/sanitize_request.v4.sql
\ir ../functions/memory_store/memories/create_entry.v2.sql
\ir ../functions/memory_store/memories/vector_embeddings_from_memory.v1.sql
REVOKE ALL ON FUNCTION memory_store.vector_embeddings_from_memory() FROM PUBLIC;

DROP TRIGGER vector_embeddings_set_user_id ON memory_store.vector_embeddings;
DROP TRIGGER vector_embeddings_filter_columns ON memory_store.vector_embeddings;
DROP TRIGGER vector_embeddings_refuse_sensitive ON memory_store.vector_embeddings;
CREATE TRIGGER vector_embeddings_from_memory
    BEFORE INSERT OR UPDATE OF memory_id, user_id ON memory_store.vector_embeddings
    FOR EACH ROW EXECUTE FUNCTION memory_store.vector_embeddings_from_memory();

RESET ROLE;

-- The trigger reads every tenant's memories (the tenant policies admit
-- memory_maintainer), like the triggers it replaces; those were owned by
-- memory_maintainer, and so is set_user_id_from_memory (replaced as the
-- deploying role, so it keeps its owner and grants).
ALTER FUNCTION memory_store.vector_embeddings_from_memory() OWNER TO memory_maintainer;
\ir ../functions/memory_store/tenancy/set_user_id_from_memory.v3.sql
DROP FUNCTION memory_store.vector_embeddings_filter_columns();
DROP FUNCTION memory_store.vector_embeddings_refuse_sensitive();

COMMIT;
