-- Verify memory-orchestrator:audit_append_only on pg
BEGIN;

SELECT 'memory_store.memory_access_logs_append_only()'::regprocedure;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                    WHERE tgrelid = 'memory_store.memory_access_logs'::regclass
                      AND tgname = 'memory_access_logs_append_only' AND tgenabled = 'O') THEN
        RAISE EXCEPTION 'memory_access_logs_append_only trigger is missing or disabled';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                    WHERE tgrelid = 'memory_store.memory_access_logs'::regclass
                      AND tgname = 'memory_access_logs_no_truncate' AND tgenabled = 'O') THEN
        RAISE EXCEPTION 'memory_access_logs_no_truncate trigger is missing or disabled';
    END IF;
    -- Behaviour: a log row cannot be deleted or rewritten.
    BEGIN
        INSERT INTO memory_store.memory_access_logs (operation, success) VALUES ('read', true);
        BEGIN
            DELETE FROM memory_store.memory_access_logs WHERE operation = 'read' AND agent_id IS NULL
                                                          AND request_data IS NULL;
            RAISE EXCEPTION 'DELETE on memory_access_logs was not rejected' USING ERRCODE = 'MO999';
        EXCEPTION WHEN insufficient_privilege THEN NULL;
        END;
        RAISE EXCEPTION 'roll back the probe row' USING ERRCODE = 'MO998';
    EXCEPTION WHEN SQLSTATE 'MO998' THEN NULL;
    END;
END
$$;

ROLLBACK;
