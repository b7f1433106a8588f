-- Verify memory-orchestrator:lifecycle_settings_nullable on pg
BEGIN;

SELECT nullable FROM memory_store.lifecycle_settings WHERE false;

DO $$
BEGIN
    -- A setting that is not nullable still refuses null.
    BEGIN
        UPDATE memory_store.lifecycle_settings SET value = 'null' WHERE name = 'purge_batch_size';
        RAISE EXCEPTION 'purge_batch_size accepted null';
    EXCEPTION WHEN invalid_parameter_value THEN
        NULL;
    END;
    -- A nullable one takes null, and reads back as SQL NULL.
    UPDATE memory_store.lifecycle_settings SET nullable = true WHERE name = 'soft_delete_grace';
    UPDATE memory_store.lifecycle_settings SET value = 'null' WHERE name = 'soft_delete_grace';
    IF memory_store.lifecycle_interval('soft_delete_grace') IS NOT NULL THEN
        RAISE EXCEPTION 'a null setting does not read as NULL';
    END IF;
END
$$;

ROLLBACK;
