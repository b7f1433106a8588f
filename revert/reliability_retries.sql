-- Revert memory-orchestrator:reliability_retries from pg
-- Restores the released bodies. memory.dispatch(jsonb) and (text) are
-- re-created from dispatch.v1.sql (which holds both), with their grant.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/memory_store/tags_target.v1.sql
\ir ../functions/memory_store/create_memory_impl.v1.sql

DROP FUNCTION memory.dispatch(text);
DROP FUNCTION memory.dispatch(jsonb);
\ir ../functions/memory/dispatch.v1.sql
GRANT EXECUTE ON FUNCTION memory.dispatch(jsonb), memory.dispatch(text) TO memory_agent;

COMMIT;
