-- Revert memory-orchestrator:legacy_import from pg
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
DROP FUNCTION memory_store.import_status(text[]);
DROP FUNCTION memory_store.import_put_embedding(text, extensions.vector, text, timestamptz);
DROP FUNCTION memory_store.import_put_tags(text, text[]);
DROP FUNCTION memory_store.import_put_memory(text, text, text, jsonb, text, timestamptz, timestamptz);
DROP FUNCTION memory_store.import_try_jsonb(text);
DROP FUNCTION memory_store.import_user_session_id(text);
DROP FUNCTION memory_store.import_interaction_id(text, integer);
DROP FUNCTION memory_store.import_entity_id(text, text);
DROP FUNCTION memory_store.import_turn_id(text, integer);
DROP FUNCTION memory_store.import_stable_id(text);
DROP FUNCTION memory_store.import_vector(text, jsonb);
DROP FUNCTION memory_store.import_tags(text, jsonb);
DROP FUNCTION memory_store.import_extra(jsonb, text[]);
DROP FUNCTION memory_store.import_object(jsonb, text);
DROP FUNCTION memory_store.import_text(jsonb, text, boolean, integer);
DROP FUNCTION memory_store.import_timestamp(text, jsonb);
DROP TABLE memory_store.import_rejects;
DROP TABLE memory_store.import_staging;
DROP TABLE memory_store.import_runs;

COMMIT;
