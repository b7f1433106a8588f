-- Deploy memory-orchestrator:shared_frames to pg
-- requires: job_run_server
-- requires: change_feed
-- Blocks that functions still carried word for word (issue 12, point 4)
-- become one helper each, with the same answers and errors:
--   * run_batch_job: the start / batches / finish frame of the one-step
--     batch jobs purge_expired, purge_soft_deleted and prune_change_feed;
--   * session_found: the "session not found" answer of get, touch and end;
--   * memory_user_id and user_id_by_session: the owner lookups of the
--     tenancy triggers on tags, embeddings, relationships, memories and
--     agent states.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/memory_store/lifecycle/run_batch_job.v1.sql
\ir ../functions/memory_store/lifecycle/purge_expired.v3.sql
\ir ../functions/memory_store/lifecycle/purge_soft_deleted.v3.sql
\ir ../functions/memory_store/lifecycle/prune_change_feed.v2.sql

\ir ../functions/memory_store/sessions/session_found.v1.sql
\ir ../functions/memory_store/sessions/get_session_impl.v2.sql
\ir ../functions/memory_store/sessions/touch_session_impl.v2.sql
\ir ../functions/memory_store/sessions/end_session_impl.v2.sql

\ir ../functions/history/memory_store/tenancy/memory_user_id.v1.sql
\ir ../functions/history/memory_store/tenancy/user_id_by_session.v1.sql

REVOKE ALL ON PROCEDURE memory_store.run_batch_job(text, text, integer, integer, text) FROM PUBLIC;
GRANT EXECUTE ON PROCEDURE memory_store.run_batch_job(text, text, integer, integer, text) TO memory_dba;
REVOKE ALL ON FUNCTION memory_store.session_found(text, memory_store.sessions),
                       memory_store.memory_user_id(text),
                       memory_store.user_id_by_session(text, text, boolean) FROM PUBLIC;
-- The tenancy triggers belong to memory_maintainer (they must see every
-- tenant's sessions and memories): it calls the owner lookups.
GRANT EXECUTE ON FUNCTION memory_store.memory_user_id(text),
                          memory_store.user_id_by_session(text, text, boolean) TO memory_maintainer;

-- Replaced as the deploying role, they keep memory_maintainer as owner.
RESET ROLE;
\ir ../functions/history/memory_store/tenancy/set_user_id_from_memory.v2.sql
\ir ../functions/memory_store/tenancy/memory_relationships_set_user_id.v2.sql
\ir ../functions/memory_store/tenancy/memory_entries_set_user_id.v2.sql
\ir ../functions/memory_store/tenancy/agent_states_set_user_id.v2.sql

COMMIT;
