-- Deploy memory-orchestrator:lifecycle_settings_nullable to pg
-- requires: lifecycle_settings
-- Some lifecycle settings can be switched off (archive ages, retention
-- budgets): their row is marked nullable, and JSON null is then a valid
-- value meaning "off". lifecycle_int / lifecycle_interval already read a
-- JSON null as SQL NULL; only the check trigger learns the new rule.
BEGIN;

SET LOCAL ROLE memory_owner;

ALTER TABLE memory_store.lifecycle_settings
    ADD COLUMN nullable boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN memory_store.lifecycle_settings.nullable IS
    'true: the value may be JSON null, which switches the rule off';

\ir ../functions/history/memory_store/lifecycle_settings_check.v2.sql

COMMIT;
