-- Revert memory-orchestrator:shared_blocks from pg
BEGIN;

SELECT l.lanname = 'plpython3u' AS summarize_plpython
  FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
 WHERE p.oid = 'memory_store.summarize_texts(text[], integer)'::pg_catalog.regprocedure \gset
-- As the deploying role: plpython3u is untrusted.
\ir ../functions/history/memory_store/summaries/summarize_texts.v1.sql

SET LOCAL ROLE memory_owner;

SELECT extensions.vector_dims('[1]'::extensions.vector) AS pgvector_loaded \gset
\ir ../functions/history/memory_store/profiles/upsert_user_profile_impl.v1.sql
\ir ../functions/history/memory_store/profiles/remove_preference_impl.v1.sql
\ir ../functions/history/memory_store/profiles/set_preference_impl.v1.sql
\ir ../functions/history/memory_store/profiles/get_user_profile_impl.v1.sql
\ir ../functions/history/memory_store/memories/dedupe_nearest.v1.sql
\ir ../functions/history/memory_store/archive/restore_archived_session_impl.v1.sql
\ir ../functions/history/memory_store/archive/archive_restore.v1.sql
\ir ../functions/history/memory_store/archive/archive_move.v1.sql
\ir ../functions/history/memory_store/lifecycle/lifecycle_interval.v1.sql
\ir ../functions/history/memory_store/lifecycle/lifecycle_int.v1.sql
\ir ../functions/history/memory_store/agent_states/save_agent_state_impl.v1.sql
\ir ../functions/history/memory_store/sessions/start_session_impl.v2.sql
\ir ../functions/history/memory_store/relationships/relate_impl.v1.sql
\ir ../functions/history/memory_store/profiles/check_profile_object.v1.sql

DROP FUNCTION memory_store.user_profile_of(memory_store.user_profiles);
DROP FUNCTION memory_store.dedupe_candidate(text, text);
DROP FUNCTION memory_store.summary_stop_words();
DROP FUNCTION memory_store.archive_copy(regclass, regclass, text[], text[]);
DROP FUNCTION memory_store.lifecycle_setting(text, text);
DROP FUNCTION memory_store.check_json_object(text, jsonb);

COMMIT;
