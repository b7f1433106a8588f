-- memory_store.audit(p_operation text, p_memory_id text, p_session_id text,
--     p_request jsonb, p_success boolean, p_error text DEFAULT NULL::text)
--     RETURNS void
--
-- memory_store.audit(...): one memory_access_logs row for one API call, in
-- the caller's transaction. The row of a call other than a read or a search
-- puts back the durable commit an earlier read-only call of the same
-- transaction turned off (memory_store.audit_read_commit(true)), so the
-- write's commit waits for the WAL flush. memory_id / session_id are recorded only when
-- they exist (the columns are foreign keys); the ids the caller asked for
-- are in request_data either way. One statement, planned once per
-- session; no SET clause (every name qualified, the caller's pinned
-- search_path applies), and the helpers it calls are inlined
-- (audit_context: agent label, client address, login role, tenant) or
-- PL/pgSQL without a SET clause (sanitize_request).
--
-- Errors:
--   none of its own
-- Example:
--   PERFORM memory_store.audit('read', 'm-1', 's-1', '{"memory_id": "m-1"}', true);

CREATE OR REPLACE FUNCTION memory_store.audit(
    p_operation text,
    p_memory_id text,
    p_session_id text,
    p_request jsonb,
    p_success boolean,
    p_error text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
AS $fn$
BEGIN
    IF p_operation NOT IN ('read', 'search') THEN
        -- a write: an earlier read-only call of the transaction may have
        -- turned the durable commit off (memory_store.audit_read_commit)
        PERFORM memory_store.audit_read_commit(true);
    END IF;
    INSERT INTO memory_store.memory_access_logs
        (memory_id, session_id, operation, request_data, success, error_message, agent_id, ip_address,
         login_role, user_id)
    SELECT (SELECT r.memory_id FROM memory_store.memory_registry r WHERE r.memory_id = p_memory_id),
           CASE WHEN p_session_id IS NOT NULL
                THEN (SELECT s.session_id FROM memory_store.sessions s WHERE s.session_id = p_session_id) END,
           left(p_operation, 16),
           memory_store.sanitize_request(p_request),
           p_success,
           left(p_error, 1000),
           c.agent_id, c.ip_address, c.login_role, c.user_id
      FROM memory_store.audit_context() c;
END
$fn$;

COMMENT ON FUNCTION memory_store.audit(p_operation text, p_memory_id text, p_session_id text, p_request jsonb, p_success boolean, p_error text) IS 'Writes the audit row of one API call in the current transaction (sanitized request, agent label, login role, tenant, client address).
Example: PERFORM memory_store.audit(''read'', ''m-1'', ''s-1'', ''{"memory_id": "m-1"}'', true);';
