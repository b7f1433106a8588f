-- Verify memory-orchestrator:shared_frames on pg
-- The helpers exist and the functions that shared a block call them.
BEGIN;

SELECT 'memory_store.run_batch_job(text, text, integer, integer, text)'::pg_catalog.regprocedure,
       'memory_store.session_found(text, memory_store.sessions)'::pg_catalog.regprocedure,
       'memory_store.memory_user_id(text)'::pg_catalog.regprocedure,
       'memory_store.user_id_by_session(text, text, boolean)'::pg_catalog.regprocedure;

DO $$
DECLARE
    v_missing text;
BEGIN
    SELECT string_agg(f.caller, ', ') INTO v_missing
      FROM (VALUES ('memory_store.purge_expired', 'run_batch_job'),
                   ('memory_store.purge_soft_deleted', 'run_batch_job'),
                   ('memory_store.prune_change_feed', 'run_batch_job'),
                   ('memory_store.get_session_impl', 'session_found'),
                   ('memory_store.touch_session_impl', 'session_found'),
                   ('memory_store.end_session_impl', 'session_found'),
                   ('memory_store.set_user_id_from_memory', 'memory_user_id'),
                   ('memory_store.memory_relationships_set_user_id', 'memory_user_id'),
                   ('memory_store.memory_entries_set_user_id', 'user_id_by_session'),
                   ('memory_store.agent_states_set_user_id', 'user_id_by_session')) AS f(caller, helper)
     WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                        WHERE p.oid = f.caller::pg_catalog.regproc AND p.prosrc ~ f.helper);
    IF v_missing IS NOT NULL THEN
        RAISE EXCEPTION 'shared_frames: these do not call their helper: %', v_missing;
    END IF;
END
$$;

ROLLBACK;
