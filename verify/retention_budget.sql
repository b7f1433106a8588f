-- Verify memory-orchestrator:retention_budget on pg
BEGIN;

SELECT 'memory_store.retention_budgets'::regclass,
       'memory_store.retention_usage(text)'::regprocedure,
       'memory_store.enforce_retention_batch(text, integer)'::regprocedure,
       'memory_store.enforce_retention(text, integer)'::regprocedure;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM memory_store.lifecycle_jobs WHERE job_name = 'enforce_retention') THEN
        RAISE EXCEPTION 'job enforce_retention is not registered';
    END IF;
    IF NOT has_function_privilege('memory_dba', 'memory_store.enforce_retention(text, integer)', 'EXECUTE')
       OR has_function_privilege('memory_agent', 'memory_store.enforce_retention(text, integer)', 'EXECUTE') THEN
        RAISE EXCEPTION 'enforce_retention must be executable by memory_dba only';
    END IF;
    IF (SELECT count(*) FROM memory_store.lifecycle_settings
         WHERE name IN ('retention_max_memories', 'retention_max_content_mib', 'retention_protected_priority')) <> 3 THEN
        RAISE EXCEPTION 'retention settings are missing';
    END IF;
    -- Behaviour: with a budget of one memory, the lower priority goes first
    -- and a protected memory stays.
    INSERT INTO memory_store.sessions (session_id, user_id, session_type)
    VALUES ('verify-retention-s', 'verify-retention-u', 'conversation');
    INSERT INTO memory_store.memory_entries (memory_id, session_id, memory_type, content, priority) VALUES
        ('verify-retention-low', 'verify-retention-s', 'context', '{}', 1),
        ('verify-retention-mid', 'verify-retention-s', 'context', '{}', 5),
        ('verify-retention-top', 'verify-retention-s', 'context', '{}', 10);
    INSERT INTO memory_store.retention_budgets (user_id, max_memories) VALUES ('verify-retention-u', 1);
    IF memory_store.enforce_retention_batch('verify-retention-u', 1) <> 1 THEN
        RAISE EXCEPTION 'enforce_retention_batch did not archive one memory';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM memory_archive.memory_entries WHERE memory_id = 'verify-retention-low') THEN
        RAISE EXCEPTION 'retention did not archive the lowest priority first';
    END IF;
    PERFORM memory_store.enforce_retention_batch('verify-retention-u', 100);
    IF NOT EXISTS (SELECT 1 FROM memory_store.memory_entries WHERE memory_id = 'verify-retention-top') THEN
        RAISE EXCEPTION 'retention archived a protected memory';
    END IF;
END
$$;

ROLLBACK;
