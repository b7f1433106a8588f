-- Deploy memory-orchestrator:import_throughput to pg
-- requires: import_signoff
-- Legacy import, issue 14 continued. The batch path of a contextual run no
-- longer copies each staged record's text and embedding into a work table
-- before mapping it (that copy was most of the mapping time: 4.5 s of 7.2 s
-- for 7,099 items with 1536-d embeddings); the mapping reads staging once.
-- An import that updates an existing memory does it under
-- memory_store.change_operation = 'import'. A jarvis user without
-- interactions gives no time: its entities and session say
-- created_at_unknown instead of passing the import time off as history.
-- Bytes after the closing bracket of a JSON array are a reject of the file
-- itself (memory_store.import_file_reject), not counted as a record; the
-- run ends with status rejects and says why. The rebuild of a deferred
-- vector index uses the server's parallel maintenance workers (the planner
-- gave it none: the table's heap is small, its vectors are in TOAST).
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/memory_store/import/import_contextual_batch.v2.sql
\ir ../functions/memory_store/import/import_put_memory.v3.sql
\ir ../functions/memory_store/import/import_jarvis_memory_record.v5.sql
\ir ../functions/memory_store/import/import_file_reject.v1.sql
REVOKE ALL ON FUNCTION memory_store.import_file_reject(bigint, text, text, text) FROM PUBLIC;

-- an entry point of the DBA, like import_finish
RESET ROLE;
ALTER FUNCTION memory_store.import_file_reject(bigint, text, text, text) OWNER TO memory_maintainer;
GRANT EXECUTE ON FUNCTION memory_store.import_file_reject(bigint, text, text, text) TO memory_dba;
\ir ../functions/memory_store/import/import_finish.v2.sql
\ir ../functions/memory_store/import/import_restore_indexes.v2.sql

COMMIT;
