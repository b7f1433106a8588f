-- Revert memory-orchestrator:tenancy_import from pg
-- Back to the v1 bodies: drop the functions of the two files, include v1
-- again as memory_owner, then restore what the drop took away (the DBA's
-- grants, memory_maintainer's ownership of the entry points).
BEGIN;

DROP FUNCTION memory_store.import_purge(bigint);
DROP FUNCTION memory_store.reconcile(bigint);
DROP FUNCTION memory_store.import_run(bigint, integer);
DROP FUNCTION memory_store.import_begin(text, text);
DROP FUNCTION memory_store.import_system(text);
DROP FUNCTION memory_store.import_jarvis_memory_record(jsonb);
DROP FUNCTION memory_store.import_entity_text(text, jsonb);
DROP FUNCTION memory_store.import_contextual_memory_record(jsonb);
DROP FUNCTION memory_store.import_session_memory_agent_record(jsonb);

SET LOCAL ROLE memory_owner;
\ir ../functions/memory_store/import_records.v1.sql
\ir ../functions/memory_store/import_run.v1.sql
GRANT EXECUTE ON FUNCTION
    memory_store.import_begin(text, text),
    memory_store.import_run(bigint, integer),
    memory_store.reconcile(bigint),
    memory_store.import_purge(bigint)
TO memory_dba;
RESET ROLE;

ALTER FUNCTION memory_store.import_begin(text, text) OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.import_run(bigint, integer) OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.reconcile(bigint) OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.import_purge(bigint) OWNER TO memory_maintainer;

COMMIT;
