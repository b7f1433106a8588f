-- Revert memory-orchestrator:dedupe_on_write from pg
-- The previous bodies, then the objects this change added.
BEGIN;

SET LOCAL ROLE memory_owner;

SELECT extensions.vector_dims('[1]'::extensions.vector) AS pgvector_loaded \gset

\ir ../functions/history/memory_store/memories/dispatch_create.v2.sql
\ir ../functions/history/memory_store/memories/create_memory_impl.v3.sql
\ir ../functions/history/memory_store/sensitive/create_sensitive_memory_impl.v3.sql

UPDATE memory_store.dispatch_actions
   SET description = 'Create a memory with tags and an optional embedding'
 WHERE action = 'create';

DROP INDEX memory_store.idx_memory_entries_dedupe;
DROP FUNCTION memory.create_memory_deduped(text, jsonb, text, text, text[], integer, timestamptz, integer,
                                           extensions.vector, text, text, text, double precision);
DROP FUNCTION memory_store.create_deduped_impl(text, text, jsonb, text, text, text[], integer, timestamptz, integer,
                                               extensions.vector, text, text, double precision);
DROP FUNCTION memory_store.dedupe_absorb(text, timestamptz, jsonb, text[], timestamptz, integer, extensions.vector, text);
DROP FUNCTION memory_store.dedupe_nearest(text, text, extensions.vector, text);
DROP FUNCTION memory_store.dedupe_find(text, text, text);
DROP FUNCTION memory_store.dedupe_min_similarity(double precision);
DROP FUNCTION memory_store.dedupe_key(jsonb);
DROP FUNCTION memory_store.dedupe_text(jsonb);
DROP FUNCTION memory_store.create_entry(text, jsonb, text, text, text[], integer, timestamptz, integer, text,
                                        extensions.vector, text, text);
DROP FUNCTION memory_store.create_check(text, jsonb, text, text, integer, timestamptz, extensions.vector, text, boolean);
DROP TABLE memory_store.dedupe_claims;
DROP TYPE memory.create_outcome;

RESET ROLE;

COMMIT;
