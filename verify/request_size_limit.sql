-- Verify memory-orchestrator:request_size_limit on pg
-- A request one byte over the limit is refused with 54000, as text and as
-- jsonb; one under it is read.
BEGIN;

DO $$
DECLARE
    v_big   text := '{"action": "health", "pad": "' || repeat('x', memory_store.max_request_bytes()) || '"}';
    v_reply jsonb;
BEGIN
    v_reply := memory.dispatch(v_big);
    IF v_reply #>> '{error,details,sqlstate}' IS DISTINCT FROM '54000' THEN
        RAISE EXCEPTION 'request_size_limit: an oversized text request got %', v_reply -> 'error';
    END IF;
    v_reply := memory.dispatch(v_big::jsonb);
    IF v_reply #>> '{error,details,sqlstate}' IS DISTINCT FROM '54000' THEN
        RAISE EXCEPTION 'request_size_limit: an oversized jsonb request got %', v_reply -> 'error';
    END IF;
    v_reply := memory.dispatch('{"action": "health"}'::text);
    IF v_reply ->> 'status' <> 'success' THEN
        RAISE EXCEPTION 'request_size_limit: a small request got %', v_reply;
    END IF;
END
$$;

ROLLBACK;
