-- Revert memory-orchestrator:import_throughput from pg
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/import/import_contextual_batch.v1.sql
\ir ../functions/history/memory_store/import/import_put_memory.v2.sql
\ir ../functions/history/memory_store/import/import_jarvis_memory_record.v4.sql

RESET ROLE;
\ir ../functions/history/memory_store/import/import_finish.v1.sql
\ir ../functions/history/memory_store/import/import_restore_indexes.v1.sql
DROP FUNCTION memory_store.import_file_reject(bigint, text, text, text);

COMMIT;
