-- Revert memory-orchestrator:api_support from pg
BEGIN;

DROP TABLE memory_store.dispatch_actions;
DROP FUNCTION memory_store.dispatch_health(jsonb, text);
DROP FUNCTION memory_store.tags_of(text);
DROP FUNCTION memory_store.payload_timestamp(jsonb, text);
DROP FUNCTION memory_store.payload_text_array(jsonb, text);
DROP FUNCTION memory_store.payload_json(jsonb, text, text, boolean);
DROP FUNCTION memory_store.payload_bool(jsonb, text, boolean);
DROP FUNCTION memory_store.payload_int(jsonb, text, boolean);
DROP FUNCTION memory_store.payload_text(jsonb, text, boolean);
DROP FUNCTION memory_store.iso_now();
DROP FUNCTION memory_store.json_text(jsonb);
DROP FUNCTION memory_store.audit_autonomous(text, text, text, jsonb, boolean, text);
DROP FUNCTION memory_store.audit(text, text, text, jsonb, boolean, text);
DROP FUNCTION memory_store.sanitize_request(jsonb, integer);
DROP FUNCTION memory_store.current_agent_id();
DROP FUNCTION memory_store.expiry(integer, timestamptz);
DROP FUNCTION memory_store.vector_from_json(text, jsonb);
DROP FUNCTION memory_store.check_embedding(extensions.vector);
DROP FUNCTION memory_store.check_content(jsonb);
DROP FUNCTION memory_store.check_priority(integer);
DROP FUNCTION memory_store.check_memory_type(text);
DROP FUNCTION memory_store.check_id(text, text, integer);
DROP FUNCTION memory_store.require(text, anyelement);
DROP FUNCTION memory_store.limits();
DROP FUNCTION memory_store.error_code(text);
DROP TYPE memory.search_result;
DROP TYPE memory.memory_record;

COMMIT;
