-- Deploy memory-orchestrator:api_dispatch to pg
-- requires: api_support
-- memory.dispatch: the JSON envelope entry point (actions registered in
-- memory_store.dispatch_actions by each API change).
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory/dispatch.v1.sql

GRANT EXECUTE ON FUNCTION memory.dispatch(jsonb), memory.dispatch(text) TO memory_agent;

COMMIT;
