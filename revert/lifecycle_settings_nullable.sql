-- Revert memory-orchestrator:lifecycle_settings_nullable from pg
-- The released body of the check trigger (and the functions beside it in the
-- same file) comes back from lifecycle_settings.v1.sql: drop them, include
-- the file again, restore the trigger and the grants it had.
BEGIN;

SET LOCAL ROLE memory_owner;

DROP FUNCTION memory_store.set_lifecycle_setting(text, jsonb);
DROP FUNCTION memory_store.lifecycle_interval(text);
DROP FUNCTION memory_store.lifecycle_int(text);
DROP FUNCTION memory_store.lifecycle_settings_check() CASCADE;  -- and its trigger

ALTER TABLE memory_store.lifecycle_settings DROP COLUMN nullable;

\ir ../functions/history/memory_store/lifecycle_settings.v1.sql

CREATE TRIGGER lifecycle_settings_check
    BEFORE INSERT OR UPDATE ON memory_store.lifecycle_settings
    FOR EACH ROW EXECUTE FUNCTION memory_store.lifecycle_settings_check();

GRANT EXECUTE ON FUNCTION
    memory_store.lifecycle_int(text),
    memory_store.lifecycle_interval(text),
    memory_store.set_lifecycle_setting(text, jsonb)
TO memory_dba;

COMMIT;
