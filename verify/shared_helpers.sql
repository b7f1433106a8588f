-- Verify memory-orchestrator:shared_helpers on pg
-- The helpers exist, answer as the blocks they replace did, and the
-- functions that carried the blocks call them.
BEGIN;

DO $$
DECLARE
    v_page record;
BEGIN
    SELECT * INTO STRICT v_page FROM memory_store.page_request(NULL, NULL, NULL, NULL, NULL);
    IF (v_page.page_limit, v_page.page_offset, v_page.sort_field, v_page.sort_desc)
       IS DISTINCT FROM (10, 0, 'created_at'::text, true) THEN
        RAISE EXCEPTION 'shared_helpers: page_request defaults are %', v_page;
    END IF;
    BEGIN
        PERFORM memory_store.page_request(0, 0, 'created_at', 'desc', NULL);
        RAISE EXCEPTION 'shared_helpers: page_request accepted limit 0';
    EXCEPTION WHEN invalid_parameter_value THEN NULL;
    END;
    IF memory_store.job_batch_size(7, 'purge_batch_size') <> 7
       OR memory_store.payload_value('{"k": null}', 'k') IS NOT NULL
       OR memory_store.payload_value('{"k": 1}', 'k') <> '1' THEN
        RAISE EXCEPTION 'shared_helpers: job_batch_size or payload_value answers wrong';
    END IF;
    IF EXISTS (SELECT 1
                 FROM (VALUES ('memory_store.batch_read_impl(text[], text[], text, text, text, text[], timestamptz, timestamptz, boolean, integer, integer, text, text)', 'page_request'),
                              ('memory_store.batch_read_archived_impl(text[], text[], text, text, text, text[], timestamptz, timestamptz, integer, integer, text, text)', 'page_request'),
                              ('memory_store.purge_batch_size(integer)', 'job_batch_size'),
                              ('memory_store.archive_batch_size(integer)', 'job_batch_size'),
                              ('memory_store.payload_text(jsonb, text, boolean)', 'payload_value'),
                              ('memory_store.payload_int(jsonb, text, boolean)', 'payload_value'),
                              ('memory_store.payload_json(jsonb, text, text, boolean)', 'payload_value'),
                              ('memory_store.reveal(memory.memory_record, boolean)', 'reveal_cipher'),
                              ('memory_store.reveal_archived(memory.memory_record, boolean)', 'reveal_cipher'))
                      AS c(fn, helper)
                WHERE position('memory_store.' || c.helper || '(' IN
                               (SELECT p.prosrc FROM pg_catalog.pg_proc p WHERE p.oid = c.fn::pg_catalog.regprocedure)) = 0
                  -- history_api (later): the batch reads call memory_page_read, which calls page_request
                  AND position('memory_store.memory_page_read(' IN
                               (SELECT p.prosrc FROM pg_catalog.pg_proc p WHERE p.oid = c.fn::pg_catalog.regprocedure)) = 0) THEN
        RAISE EXCEPTION 'shared_helpers: a function still carries its own copy instead of calling its helper';
    END IF;
END
$$;

ROLLBACK;
