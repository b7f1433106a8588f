-- Deploy memory-orchestrator:tenancy_import to pg
-- requires: tenancy_policies
-- requires: legacy_import
-- Tenancy, part 5: the legacy importer writes each jarvis skill state as its
-- user's global state of the skill (user_id = the user) instead of one row
-- per skill holding every user's state, which under row-level security would
-- have been either everyone's or no one's; reconcile counts it so. Rows
-- imported before keep their v1 shape (user_id NULL: seen only by
-- maintenance); importing the export again writes the per-user rows.
-- CREATE OR REPLACE, run as the deploying superuser: the functions keep
-- their owners (reconcile belongs to memory_maintainer since
-- tenancy_policies), grants and comments.
BEGIN;

\ir ../functions/history/memory_store/import_jarvis_memory_record.v2.sql
\ir ../functions/history/memory_store/reconcile.v2.sql

COMMIT;
