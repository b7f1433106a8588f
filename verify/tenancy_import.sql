-- Verify memory-orchestrator:tenancy_import on pg
BEGIN;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc
                    WHERE oid = 'memory_store.import_jarvis_memory_record(jsonb)'::regprocedure
                      AND prosrc LIKE '%a.user_id = v_user_id%') THEN
        RAISE EXCEPTION 'memory_store.import_jarvis_memory_record is not v2 (per-user skill states)';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_proc
                WHERE oid IN ('memory_store.import_begin(text, text)'::regprocedure,
                              'memory_store.import_run(bigint, integer)'::regprocedure,
                              'memory_store.reconcile(bigint)'::regprocedure,
                              'memory_store.import_purge(bigint)'::regprocedure)
                  AND (proowner <> 'memory_maintainer'::regrole OR NOT has_function_privilege('memory_dba', oid, 'EXECUTE'))) THEN
        RAISE EXCEPTION 'the import entry points must be owned by memory_maintainer and executable by memory_dba';
    END IF;
END
$$;

-- The user's skill state is the user's own global state. Run as
-- import_run runs it: as memory_maintainer, which sees every tenant (through
-- BYPASSRLS, or where no superuser deployed through the policy).
SET LOCAL ROLE memory_maintainer;
SELECT pg_catalog.set_config('memory.user_id', '', true);
DO $$
BEGIN
    PERFORM memory_store.import_jarvis_memory_record('{"user_id": "verify-u", "skill_states": {"verify-skill": {"on": true}}}');
    IF NOT EXISTS (SELECT 1 FROM memory_store.agent_states
                    WHERE agent_id = 'verify-skill' AND session_id IS NULL AND user_id = 'verify-u'
                      AND state_data = '{"on": true}') THEN
        RAISE EXCEPTION 'a jarvis skill state did not become the user''s global state';
    END IF;
END
$$;

ROLLBACK;
