-- memory_store.audit_autonomous(p_operation text, p_memory_id text,
--     p_session_id text, p_request jsonb, p_success boolean, p_error text
--     DEFAULT NULL::text) RETURNS boolean
--
-- An audit row that must outlive the caller's transaction: the row of a
-- typed API call that is about to raise, and the row of every read of a
-- sensitive memory's plaintext (memory_store.reveal_cipher), which a
-- rollback must not erase. It is written through a second connection
-- (dblink, loopback to this database as memory_audit_writer) that commits
-- on its own. Same row as memory_store.audit: sanitized request, the
-- caller's agent label, login role (session_user), tenant and client
-- address (evaluated here, in the caller's session), memory_id / session_id
-- only when the remote side sees them committed. The connection is kept
-- per backend and reused (name 'memory_audit', opened by
-- memory_store.audit_loopback_connect, which works whatever pg_hba.conf
-- asks of the loopback); a stale one is replaced once.
-- The log's ids are not foreign keys, so the remote insert takes no lock
-- on the rows they name; should it wait for a lock the caller holds all the
-- same, lock_timeout ends the wait after 200 ms and the row is written
-- again without the two ids (they stay in request_data). If the loopback cannot be used at all, the row goes
-- to the server log as a WARNING and the answer is false. It never raises:
-- a failing caller's own error is what the client must see; a caller that
-- must not go on without the row (a sensitive read) checks the answer.
--
-- Errors:
--   none raised; false when the row could not be written.
-- Example:
--   PERFORM memory_store.audit_autonomous('read', 'm-1', NULL, '{"memory_id": "m-1"}', false, 'MO001: memory m-1 not found');

CREATE OR REPLACE FUNCTION memory_store.audit_autonomous(
    p_operation text,
    p_memory_id text,
    p_session_id text,
    p_request jsonb,
    p_success boolean,
    p_error text DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    c_connection constant text := 'memory_audit';
    v_agent       text;
    v_request     jsonb;
    v_tail        text;
    v_insert      text;
    v_insert_bare text;
    v_fresh       boolean;
    v_state       text;
    v_problem     text;
    v_detail      text;
BEGIN
    BEGIN
        v_agent := memory_store.current_agent_id();
        v_request := memory_store.sanitize_request(p_request);
        v_tail := format('%L, %L, %L::jsonb, %L::boolean, %L, %L, %L, %L)',
                         v_agent, left(p_operation, 16), v_request, p_success, left(p_error, 1000),
                         host(inet_client_addr()), session_user, memory_store.current_tenant());
        v_insert_bare := 'INSERT INTO memory_store.memory_access_logs (memory_id, session_id, agent_id, operation, '
                         'request_data, success, error_message, ip_address, login_role, user_id) VALUES (';
        v_insert := v_insert_bare
            || CASE WHEN p_memory_id IS NULL THEN 'NULL' ELSE format(
                   '(SELECT r.memory_id FROM memory_store.memory_registry r WHERE r.memory_id = %L)', p_memory_id) END
            || ', '
            || CASE WHEN p_session_id IS NULL THEN 'NULL' ELSE format(
                   '(SELECT s.session_id FROM memory_store.sessions s WHERE s.session_id = %L)', p_session_id) END
            || ', ' || v_tail;
        v_insert_bare := v_insert_bare || 'NULL, NULL, ' || v_tail;

        FOR attempt IN 1..2 LOOP
            v_fresh := false;
            BEGIN
                IF NOT c_connection = ANY (coalesce(extensions.dblink_get_connections(), '{}')) THEN
                    PERFORM memory_store.audit_loopback_connect(c_connection);
                    v_fresh := true;
                END IF;
                BEGIN
                    PERFORM extensions.dblink_exec(c_connection, v_insert);
                EXCEPTION WHEN lock_not_available THEN
                    -- The caller holds a lock on the memory or session row
                    -- the foreign key check needs: record without the ids.
                    PERFORM extensions.dblink_exec(c_connection, v_insert_bare);
                END;
                RETURN true;
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_problem = MESSAGE_TEXT,
                                        v_detail = PG_EXCEPTION_DETAIL;
                -- A reused connection may have gone stale (server restart,
                -- idle_session_timeout): replace it once. A timeout is not
                -- cured by a new connection.
                EXIT WHEN v_fresh OR v_state IN ('55P03', '57014');
                BEGIN
                    PERFORM extensions.dblink_disconnect(c_connection);
                EXCEPTION WHEN OTHERS THEN
                    NULL;
                END;
            END;
        END LOOP;
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_problem = MESSAGE_TEXT,
                                v_detail = PG_EXCEPTION_DETAIL;
    END;
    RAISE WARNING 'memory_store.audit_autonomous could not write the audit row through the loopback (%: %); the row: %',
        v_state, v_problem || coalesce(' - ' || nullif(v_detail, ''), ''),
        jsonb_build_object('operation', left(p_operation, 16), 'memory_id', p_memory_id, 'session_id', p_session_id,
                           'agent_id', coalesce(v_agent, session_user), 'success', p_success,
                           'error_message', left(p_error, 1000), 'ip_address', host(inet_client_addr()),
                           'request_data', v_request, 'login_role', session_user);
    RETURN false;
END
$fn$;

COMMENT ON FUNCTION memory_store.audit_autonomous(p_operation text, p_memory_id text, p_session_id text, p_request jsonb, p_success boolean, p_error text) IS 'Writes the audit row of a failing API call through a dblink loopback connection that commits on its own, so the row survives the caller''s rollback (failed calls, sensitive reads); the login role and tenant are the caller''s. Returns false after falling back to a WARNING in the server log. Never raises.
Example: PERFORM memory_store.audit_autonomous(''read'', ''m-1'', NULL, ''{"memory_id": "m-1"}'', false, ''MO001: memory m-1 not found'');';
