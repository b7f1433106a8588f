-- Revert memory-orchestrator:api_dispatch from pg
BEGIN;

DROP FUNCTION memory.dispatch(text);
DROP FUNCTION memory.dispatch(jsonb);

COMMIT;
