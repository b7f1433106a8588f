-- Revert memory-orchestrator:shared_helpers from pg
-- The previous bodies (each with its own copy of the block), then the
-- helpers no one calls any more.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/archive/reveal_archived.v1.sql
\ir ../functions/history/memory_store/sensitive/reveal.v1.sql
\ir ../functions/history/memory_store/dispatch/payload_json.v1.sql
\ir ../functions/history/memory_store/dispatch/payload_int.v1.sql
\ir ../functions/history/memory_store/dispatch/payload_text.v1.sql
\ir ../functions/history/memory_store/archive/archive_batch_size.v1.sql
\ir ../functions/history/memory_store/lifecycle/purge_batch_size.v1.sql
\ir ../functions/history/memory_store/archive/batch_read_archived_impl.v1.sql
\ir ../functions/history/memory_store/memories/batch_read_impl.v1.sql

DROP FUNCTION memory_store.reveal_cipher(memory.memory_record, bytea, boolean);
DROP FUNCTION memory_store.payload_value(jsonb, text, boolean);
DROP FUNCTION memory_store.job_batch_size(integer, text);
DROP FUNCTION memory_store.page_request(integer, integer, text, text, text[]);

COMMIT;
