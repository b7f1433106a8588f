-- memory.dispatch(request jsonb) RETURNS jsonb
-- memory.dispatch(request text) RETURNS jsonb
--
-- The JSON envelope entry point: one request in, one response envelope out,
-- never an SQL error for a bad request. Every call leaves one audit row. A
-- top-level encryption_key (new_encryption_key) applies to this call only
-- and is redacted in the audit row; a top-level user_id acts for that user
-- for this call only (permission_denied without a grant). A handler that
-- meets a deadlock or serialization failure is retried (at most 3 attempts)
-- before storage_error is answered.
--
-- Errors:
--   MO003 the request must be a JSON object
--   42501 role % may not act for user %
--   through the functions it calls: 22023
-- Example:
--   SELECT memory.dispatch('{"action": "read", "request_id": "r1", "user_id": "u-1", "payload": {"memory_id": "m-1"}}');

CREATE OR REPLACE FUNCTION memory.dispatch(request jsonb)
RETURNS jsonb
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request_id jsonb := CASE WHEN jsonb_typeof(request -> 'request_id') IN ('string', 'number')
                               THEN request -> 'request_id' ELSE 'null'::jsonb END;
    v_action     text;
    v_payload    jsonb;
    v_session_id text;
    v_handler    regprocedure;
    v_operation  text;
    v_data       jsonb;
    v_state      text;
    v_message    text;
    v_hint       text;
    v_code       text;
    v_key        text;
    v_new_key    text;
    v_keyed      boolean := false;
    v_user_id    text;
    v_previous   text := current_setting('memory.user_id', true);
BEGIN
    BEGIN
        IF request IS NULL OR jsonb_typeof(request) <> 'object' THEN
            RAISE EXCEPTION 'the request must be a JSON object' USING ERRCODE = 'MO003';
        END IF;
        IF jsonb_typeof(request -> 'action') IS DISTINCT FROM 'string' THEN
            RAISE EXCEPTION 'action is required and must be a string' USING ERRCODE = 'MO003';
        END IF;
        v_action := request ->> 'action';
        SELECT a.handler, a.operation INTO v_handler, v_operation
          FROM memory_store.dispatch_actions a WHERE a.action = v_action;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'unknown action %', quote_literal(left(v_action, 64))
                USING ERRCODE = 'MO003',
                      HINT = 'actions: ' || (SELECT string_agg(action, ', ' ORDER BY action) FROM memory_store.dispatch_actions);
        END IF;
        v_payload := coalesce(request -> 'payload', '{}'::jsonb);
        IF jsonb_typeof(v_payload) = 'null' THEN
            v_payload := '{}'::jsonb;
        ELSIF jsonb_typeof(v_payload) <> 'object' THEN
            RAISE EXCEPTION 'payload must be a JSON object' USING ERRCODE = 'MO003';
        END IF;
        IF jsonb_typeof(request -> 'session_id') NOT IN ('string', 'null') THEN
            RAISE EXCEPTION 'session_id must be a string' USING ERRCODE = 'MO003';
        END IF;
        v_session_id := memory_store.check_id('session_id', request ->> 'session_id');

        IF jsonb_typeof(request -> 'user_id') NOT IN ('string', 'null') THEN
            RAISE EXCEPTION 'user_id must be a string' USING ERRCODE = 'MO003';
        END IF;
        v_user_id := memory_store.check_id('user_id', request ->> 'user_id');
        IF v_user_id IS NOT NULL THEN
            IF NOT memory_store.may_act_for(v_user_id) THEN
                RAISE EXCEPTION 'role % may not act for user %', quote_ident(session_user), quote_literal(v_user_id)
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            PERFORM set_config('memory.user_id', v_user_id, true);
        END IF;

        IF jsonb_typeof(request -> 'encryption_key') NOT IN ('string', 'null')
           OR jsonb_typeof(request -> 'new_encryption_key') NOT IN ('string', 'null') THEN
            RAISE EXCEPTION 'encryption_key and new_encryption_key must be strings' USING ERRCODE = 'MO003';
        END IF;
        IF request ->> 'encryption_key' IS NOT NULL OR request ->> 'new_encryption_key' IS NOT NULL THEN
            v_key := current_setting('memory.encryption_key', true);
            v_new_key := current_setting('memory.new_encryption_key', true);
            v_keyed := true;
            PERFORM set_config('memory.encryption_key', coalesce(request ->> 'encryption_key', v_key), true);
            PERFORM set_config('memory.new_encryption_key', coalesce(request ->> 'new_encryption_key', v_new_key), true);
        END IF;

        -- The handler runs in a subtransaction of its own, at most three
        -- times: a deadlock (40P01) or serialization failure (40001) rolls
        -- back only that attempt, releasing the locks it took, and the
        -- request runs again after a short random pause (so two victims do
        -- not meet again in step). A third failure is answered as
        -- storage_error with its SQLSTATE: under REPEATABLE READ and
        -- SERIALIZABLE the caller's snapshot is fixed and only a new
        -- transaction can succeed. Every other error is not retried.
        FOR v_attempt IN 1 .. 3 LOOP
            BEGIN
                EXECUTE format('SELECT %s($1, $2)', v_handler::oid::regproc) INTO v_data USING v_payload, v_session_id;
                EXIT;
            EXCEPTION WHEN deadlock_detected OR serialization_failure THEN
                IF v_attempt = 3 THEN
                    RAISE;
                END IF;
                PERFORM pg_sleep(0.01 * v_attempt + 0.04 * random());
            END;
        END LOOP;

        IF v_keyed THEN
            PERFORM set_config('memory.encryption_key', v_key, true);
            PERFORM set_config('memory.new_encryption_key', v_new_key, true);
        END IF;

        PERFORM memory_store.audit(v_operation,
                                   coalesce(v_data ->> 'memory_id', memory_store.json_text(v_payload -> 'memory_id')),
                                   coalesce(v_session_id, v_data ->> 'session_id'),
                                   request, true);
        IF v_user_id IS NOT NULL THEN
            PERFORM set_config('memory.user_id', coalesce(v_previous, ''), true);
        END IF;
        RETURN jsonb_build_object('status', 'success', 'action', v_action, 'request_id', v_request_id,
                                  'data', coalesce(v_data, '{}'::jsonb), 'error', NULL,
                                  'timestamp', memory_store.iso_now());
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT, v_hint = PG_EXCEPTION_HINT;
    END;

    v_code := memory_store.error_code(v_state);
    BEGIN
        PERFORM memory_store.audit(coalesce(v_operation, 'invalid'),
                                   memory_store.json_text(request #> '{payload,memory_id}'),
                                   memory_store.json_text(request -> 'session_id'),
                                   request, false, v_state || ': ' || v_message);
    EXCEPTION WHEN OTHERS THEN
        -- The audit row could not be written (e.g. the log itself refuses):
        -- the client still gets its answer; the server log keeps the trace.
        RAISE WARNING 'memory.dispatch could not audit a failed request (%): %', v_state, SQLERRM;
    END;
    RETURN jsonb_build_object(
        'status', 'error',
        'action', CASE WHEN jsonb_typeof(request -> 'action') = 'string' THEN request -> 'action' ELSE 'null'::jsonb END,
        'request_id', v_request_id,
        'data', NULL,
        'error', jsonb_build_object(
            'code', v_code,
            'message', CASE v_code
                           WHEN 'internal_error' THEN 'internal error'
                           WHEN 'storage_error' THEN 'the database refused the write'
                           WHEN 'permission_denied' THEN 'permission denied'
                           ELSE v_message END,
            'details', jsonb_strip_nulls(jsonb_build_object(
                'sqlstate', CASE WHEN v_code <> 'internal_error' THEN v_state END,
                'hint', CASE WHEN v_code IN ('invalid_request', 'validation_error') THEN nullif(v_hint, '') END))),
        'timestamp', memory_store.iso_now());
END
$fn$;

CREATE OR REPLACE FUNCTION memory.dispatch(request text)
RETURNS jsonb
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_parsed jsonb;
    v_message text;
BEGIN
    BEGIN
        v_parsed := request::jsonb;
    EXCEPTION WHEN OTHERS THEN
        v_message := SQLERRM;
        PERFORM memory_store.audit('invalid', NULL, NULL,
                                   jsonb_build_object('unparsable_request_bytes', octet_length(request)),
                                   false, SQLSTATE || ': ' || v_message);
        RETURN jsonb_build_object('status', 'error', 'action', NULL, 'request_id', NULL, 'data', NULL,
                                  'error', jsonb_build_object('code', 'invalid_request',
                                                              'message', 'the request is not valid JSON: ' || v_message,
                                                              'details', '{}'::jsonb),
                                  'timestamp', memory_store.iso_now());
    END;
    RETURN memory.dispatch(v_parsed);
END
$fn$;

COMMENT ON FUNCTION memory.dispatch(request jsonb) IS 'The JSON envelope entry point: one request in, one response envelope out, never an SQL error for a bad request. Every call leaves one audit row. A top-level encryption_key (new_encryption_key) applies to this call only and is redacted in the audit row; a top-level user_id acts for that user for this call only (permission_denied without a grant). A handler that meets a deadlock or serialization failure is retried (at most 3 attempts) before storage_error is answered.
Example: SELECT memory.dispatch(''{"action": "read", "request_id": "r1", "user_id": "u-1", "payload": {"memory_id": "m-1"}}'');';
COMMENT ON FUNCTION memory.dispatch(request text) IS 'memory.dispatch for a request given as text: malformed JSON gets an invalid_request envelope.
Example: SELECT memory.dispatch(''{"action": "health"}''::text);';
