-- memory_store.oversized_request(p_bytes bigint) RETURNS jsonb
--
-- The answer of memory.dispatch to a request over max_request_bytes(),
-- which it does not read: an error envelope (validation_error, details
-- sqlstate 54000, a message naming the size and the limit; action and
-- request_id null) and one audit row (operation invalid, request_data
-- {"oversized_request_bytes": n}).
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.oversized_request(52428800);

CREATE OR REPLACE FUNCTION memory_store.oversized_request(p_bytes bigint)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_message text := format('the request is %s bytes, the limit is %s (memory_store.max_request_bytes)',
                             p_bytes, memory_store.max_request_bytes());
BEGIN
    PERFORM memory_store.audit('invalid', NULL, NULL, jsonb_build_object('oversized_request_bytes', p_bytes),
                               false, '54000: ' || v_message);
    RETURN jsonb_build_object('status', 'error', 'action', NULL, 'request_id', NULL, 'data', NULL,
                              'error', jsonb_build_object('code', memory_store.error_code('54000'),
                                                          'message', v_message,
                                                          'details', jsonb_build_object('sqlstate', '54000')),
                              'timestamp', memory_store.iso_now());
END
$fn$;

COMMENT ON FUNCTION memory_store.oversized_request(p_bytes bigint) IS 'memory.dispatch''s answer to a request over max_request_bytes(), unread: validation_error envelope (54000, naming the limit) and one audit row with the size only.
Example: SELECT memory_store.oversized_request(52428800);';
