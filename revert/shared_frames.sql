-- Revert memory-orchestrator:shared_frames from pg
BEGIN;

-- memory_maintainer's triggers, replaced as the deploying role.
\ir ../functions/history/memory_store/tenancy/agent_states_set_user_id.v1.sql
\ir ../functions/history/memory_store/tenancy/memory_entries_set_user_id.v1.sql
\ir ../functions/history/memory_store/tenancy/memory_relationships_set_user_id.v1.sql
\ir ../functions/history/memory_store/tenancy/set_user_id_from_memory.v1.sql

SET LOCAL ROLE memory_owner;
DROP FUNCTION memory_store.user_id_by_session(text, text, boolean);
DROP FUNCTION memory_store.memory_user_id(text);

\ir ../functions/history/memory_store/sessions/end_session_impl.v1.sql
\ir ../functions/history/memory_store/sessions/touch_session_impl.v1.sql
\ir ../functions/history/memory_store/sessions/get_session_impl.v1.sql
DROP FUNCTION memory_store.session_found(text, memory_store.sessions);

\ir ../functions/history/memory_store/lifecycle/prune_change_feed.v1.sql
\ir ../functions/history/memory_store/lifecycle/purge_soft_deleted.v2.sql
\ir ../functions/history/memory_store/lifecycle/purge_expired.v2.sql
DROP PROCEDURE memory_store.run_batch_job(text, text, integer, integer, text);

COMMIT;
