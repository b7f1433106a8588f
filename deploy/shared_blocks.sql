-- Deploy memory-orchestrator:shared_blocks to pg
-- requires: shared_frames
-- requires: import_throughput
-- Blocks that live functions still carried twice become one helper each
-- (issue 12, point 4). The answers and errors stay the same, check for
-- check and in the same order:
--   check_json_object   "a JSON object of bounded size" of check_profile_object,
--                       relate_impl, start_session_impl and
--                       save_agent_state_impl
--   lifecycle_setting   the lookup of lifecycle_int and lifecycle_interval
--   archive_copy        the copy statement of archive_move and
--                       archive_restore (hot <-> archive, by memory_id)
--   summary_stop_words  the stop-word list both bodies of summarize_texts
--                       (PL/Python and plpgsql) carried
--   dedupe_candidate    the "hot, active memory of this type" lookup of
--                       both queries of dedupe_nearest (SQL, inlined: the
--                       same plans)
--   user_profile_of     the answer's column list of get_user_profile_impl,
--                       set_preference_impl, remove_preference_impl and
--                       upsert_user_profile_impl (SQL, inlined)
--   session_found       (already a helper) now also answers
--                       restore_archived_session_impl's "not found"
BEGIN;

SET LOCAL ROLE memory_owner;

-- pgvector's settings (hnsw.*) in dedupe_nearest's SET clause are known only
-- once the library is loaded in this session.
SELECT extensions.vector_dims('[1]'::extensions.vector) AS pgvector_loaded \gset

-- summarize_texts keeps the language api_summarize chose for this server.
SELECT l.lanname = 'plpython3u' AS summarize_plpython
  FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
 WHERE p.oid = 'memory_store.summarize_texts(text[], integer)'::pg_catalog.regprocedure \gset

\ir ../functions/memory_store/support/check_json_object.v1.sql
\ir ../functions/memory_store/lifecycle/lifecycle_setting.v1.sql
\ir ../functions/memory_store/archive/archive_copy.v1.sql
\ir ../functions/memory_store/summaries/summary_stop_words.v1.sql
\ir ../functions/memory_store/memories/dedupe_candidate.v1.sql
\ir ../functions/memory_store/profiles/user_profile_of.v1.sql

REVOKE ALL ON FUNCTION memory_store.check_json_object(text, jsonb),
                       memory_store.lifecycle_setting(text, text),
                       memory_store.archive_copy(regclass, regclass, text[], text[]),
                       memory_store.summary_stop_words(),
                       memory_store.dedupe_candidate(text, text),
                       memory_store.user_profile_of(memory_store.user_profiles) FROM PUBLIC;

\ir ../functions/memory_store/profiles/check_profile_object.v2.sql
\ir ../functions/memory_store/relationships/relate_impl.v2.sql
\ir ../functions/memory_store/sessions/start_session_impl.v3.sql
\ir ../functions/memory_store/agent_states/save_agent_state_impl.v2.sql
\ir ../functions/memory_store/lifecycle/lifecycle_int.v2.sql
\ir ../functions/memory_store/lifecycle/lifecycle_interval.v2.sql
\ir ../functions/memory_store/archive/archive_move.v2.sql
\ir ../functions/memory_store/archive/archive_restore.v2.sql
\ir ../functions/memory_store/archive/restore_archived_session_impl.v2.sql
\ir ../functions/memory_store/memories/dedupe_nearest.v2.sql
\ir ../functions/memory_store/profiles/get_user_profile_impl.v2.sql
\ir ../functions/memory_store/profiles/set_preference_impl.v2.sql
\ir ../functions/memory_store/profiles/remove_preference_impl.v2.sql
\ir ../functions/memory_store/profiles/upsert_user_profile_impl.v2.sql

-- The PL/Python body needs the deploying role (plpython3u is untrusted);
-- replaced, it keeps memory_owner as owner.
RESET ROLE;
\ir ../functions/memory_store/summaries/summarize_texts.v2.sql

COMMIT;
