-- Verify memory-orchestrator:lifecycle_settings on pg
BEGIN;

SELECT 'memory_store.lifecycle_settings'::regclass,
       'memory_store.lifecycle_int(text)'::regprocedure,
       'memory_store.lifecycle_interval(text)'::regprocedure,
       'memory_store.set_lifecycle_setting(text, jsonb)'::regprocedure;

DO $$
BEGIN
    IF memory_store.lifecycle_int('purge_batch_size') IS NULL
       OR memory_store.lifecycle_interval('soft_delete_grace') IS NULL THEN
        RAISE EXCEPTION 'lifecycle settings are missing';
    END IF;
    IF NOT has_function_privilege('memory_dba', 'memory_store.set_lifecycle_setting(text, jsonb)', 'EXECUTE') THEN
        RAISE EXCEPTION 'memory_dba cannot change lifecycle settings';
    END IF;
    BEGIN
        PERFORM memory_store.set_lifecycle_setting('purge_batch_size', '0');
        RAISE EXCEPTION 'a batch size of 0 was accepted';
    EXCEPTION WHEN invalid_parameter_value THEN
        NULL;
    END;
END
$$;

ROLLBACK;
