-- Revert memory-orchestrator:api_relationships from pg
BEGIN;

SET LOCAL ROLE memory_owner;

DELETE FROM memory_store.dispatch_actions WHERE action IN ('relate', 'unrelate', 'walk_relationships');

DROP FUNCTION memory_store.dispatch_walk_relationships(jsonb, text);
DROP FUNCTION memory_store.dispatch_unrelate(jsonb, text);
DROP FUNCTION memory_store.dispatch_relate(jsonb, text);
DROP FUNCTION memory.walk_relationships(text, integer, text[], text);
DROP FUNCTION memory.unrelate(text, text, text);
DROP FUNCTION memory.relate(text, text, text, jsonb);
DROP FUNCTION memory_store.walk_relationships_impl(text, integer, text[], text);
DROP FUNCTION memory_store.unrelate_impl(text, text, text);
DROP FUNCTION memory_store.relate_impl(text, text, text, jsonb);
DROP FUNCTION memory_store.relationship_end(text, text);
DROP TYPE memory.relationship;

COMMIT;
