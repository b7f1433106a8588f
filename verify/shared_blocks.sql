-- Verify memory-orchestrator:shared_blocks on pg
-- The helpers exist and the functions that shared a block call them.
BEGIN;

SELECT 'memory_store.check_json_object(text, jsonb)'::pg_catalog.regprocedure,
       'memory_store.lifecycle_setting(text, text)'::pg_catalog.regprocedure,
       'memory_store.archive_copy(regclass, regclass, text[], text[])'::pg_catalog.regprocedure,
       'memory_store.summary_stop_words()'::pg_catalog.regprocedure,
       'memory_store.dedupe_candidate(text, text)'::pg_catalog.regprocedure,
       'memory_store.user_profile_of(memory_store.user_profiles)'::pg_catalog.regprocedure;

DO $$
DECLARE
    v_missing text;
BEGIN
    SELECT string_agg(f.caller, ', ') INTO v_missing
      FROM (VALUES ('memory_store.check_profile_object', 'check_json_object'),
                   ('memory_store.relate_impl', 'check_json_object'),
                   ('memory_store.start_session_impl', 'check_json_object'),
                   ('memory_store.save_agent_state_impl', 'check_json_object'),
                   ('memory_store.lifecycle_int', 'lifecycle_setting'),
                   ('memory_store.lifecycle_interval', 'lifecycle_setting'),
                   ('memory_store.archive_move', 'archive_copy'),
                   ('memory_store.archive_restore', 'archive_copy'),
                   ('memory_store.summarize_texts', 'summary_stop_words'),
                   ('memory_store.restore_archived_session_impl', 'session_found'),
                   ('memory_store.dedupe_nearest', 'dedupe_candidate'),
                   ('memory_store.get_user_profile_impl', 'user_profile_of'),
                   ('memory_store.set_preference_impl', 'user_profile_of'),
                   ('memory_store.remove_preference_impl', 'user_profile_of'),
                   ('memory_store.upsert_user_profile_impl', 'user_profile_of')) AS f(caller, helper)
     WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                        WHERE p.oid = f.caller::pg_catalog.regproc AND p.prosrc ~ f.helper);
    IF v_missing IS NOT NULL THEN
        RAISE EXCEPTION 'shared_blocks: these do not call their helper: %', v_missing;
    END IF;
END
$$;

ROLLBACK;
