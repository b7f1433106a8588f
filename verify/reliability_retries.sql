-- Verify memory-orchestrator:reliability_retries on pg
BEGIN;

DO $$
DECLARE
    v_body  text;
    -- Since dedupe_on_write both create impls delegate the loop to create_entry.
    v_entry text := coalesce((SELECT prosrc FROM pg_catalog.pg_proc
                               WHERE oid = pg_catalog.to_regprocedure('memory_store.create_entry(text, jsonb, text, text, text[], integer, timestamptz, integer, text, extensions.vector, text, text)')), '');
BEGIN
    SELECT prosrc INTO v_body FROM pg_catalog.pg_proc
     WHERE oid = 'memory_store.tags_target(text, boolean)'::regprocedure;
    IF v_body NOT LIKE '%FROM memory_store.memory_entries e%FOR NO KEY UPDATE%' OR v_body LIKE '%memory_registry%' THEN
        RAISE EXCEPTION 'memory_store.tags_target must lock the memory_entries row (v2)';
    END IF;
    SELECT prosrc INTO v_body FROM pg_catalog.pg_proc
     WHERE oid = 'memory_store.create_memory_impl(text, jsonb, text, text, text[], integer, timestamptz, integer, extensions.vector, text, text)'::regprocedure;
    v_body := v_body || v_entry;
    IF v_body NOT LIKE '%FOR v_attempt IN 1 .. 3 LOOP%EXCEPTION WHEN unique_violation%' THEN
        RAISE EXCEPTION 'memory_store.create_memory_impl must re-check idempotency after losing the id claim (v2)';
    END IF;
    SELECT prosrc INTO v_body FROM pg_catalog.pg_proc
     WHERE oid = 'memory_store.create_sensitive_memory_impl(text, jsonb, text, text, text[], integer, timestamptz, integer, text)'::regprocedure;
    v_body := v_body || v_entry;
    IF v_body NOT LIKE '%FOR v_attempt IN 1 .. 3 LOOP%EXCEPTION WHEN unique_violation%' THEN
        RAISE EXCEPTION 'memory_store.create_sensitive_memory_impl must re-check idempotency after losing the id claim (v2)';
    END IF;
    SELECT prosrc INTO v_body FROM pg_catalog.pg_proc WHERE oid = 'memory.dispatch(jsonb)'::regprocedure;
    IF v_body NOT LIKE '%EXCEPTION WHEN deadlock_detected OR serialization_failure%'
       OR v_body NOT LIKE '%memory.encryption_key%' THEN
        RAISE EXCEPTION 'memory.dispatch(jsonb) must retry deadlocks and serialization failures and apply envelope keys (v3)';
    END IF;
    IF NOT pg_catalog.has_function_privilege('memory_agent', 'memory.dispatch(jsonb)', 'EXECUTE')
       OR NOT pg_catalog.has_function_privilege('memory_agent', 'memory.dispatch(text)', 'EXECUTE') THEN
        RAISE EXCEPTION 'memory_agent must be able to execute memory.dispatch';
    END IF;
END
$$;

ROLLBACK;
