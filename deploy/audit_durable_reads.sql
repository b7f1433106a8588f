-- Deploy memory-orchestrator:audit_durable_reads to pg
-- requires: tenancy_grant_identity
-- Reads that cannot hide. A sensitive memory read inside a transaction that
-- then rolled back left the caller with the plaintext and no audit row. Now
-- reveal_cipher, the one place plaintext of a sensitive memory is produced,
-- first writes a 'reveal' row through the audit loopback (committed on its
-- own, survives any rollback) and reveals nothing when it cannot. And every
-- audit row names the authenticated login role (session_user) and the
-- tenant the call acted for, filled by the server; agent_id stays the label
-- the caller chose (SET memory.agent_id).
BEGIN;

SET LOCAL ROLE memory_owner;

-- Without defaults: the rows written before this change do not know them.
ALTER TABLE memory_store.memory_access_logs
    ADD COLUMN login_role name,
    ADD COLUMN user_id varchar(64);
COMMENT ON COLUMN memory_store.memory_access_logs.login_role IS
    'The authenticated login role of the call (session_user), filled by the server; agent_id is the caller''s own label';
COMMENT ON COLUMN memory_store.memory_access_logs.user_id IS
    'The tenant the call acted for (memory_store.current_tenant()), NULL for a call acting for no user';

\ir ../functions/history/memory_store/audit/audit.v2.sql
-- The answer changes from void to boolean (written or not): a new signature.
DROP FUNCTION memory_store.audit_autonomous(text, text, text, jsonb, boolean, text);
\ir ../functions/memory_store/audit/audit_autonomous.v4.sql
\ir ../functions/memory_store/sensitive/reveal_cipher.v2.sql
\ir ../functions/history/memory_store/sensitive/reveal.v3.sql
\ir ../functions/memory_store/archive/reveal_archived.v3.sql

COMMIT;
