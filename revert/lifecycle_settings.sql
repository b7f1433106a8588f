-- Revert memory-orchestrator:lifecycle_settings from pg
BEGIN;

SET LOCAL ROLE memory_owner;

DROP FUNCTION memory_store.set_lifecycle_setting(text, jsonb);
DROP FUNCTION memory_store.lifecycle_interval(text);
DROP FUNCTION memory_store.lifecycle_int(text);
DROP TABLE memory_store.lifecycle_settings;
DROP FUNCTION memory_store.lifecycle_settings_check();

COMMIT;
