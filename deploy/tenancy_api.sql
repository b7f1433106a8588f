-- Deploy memory-orchestrator:tenancy_api to pg
-- requires: tenancy_policies
-- requires: api_memories
-- requires: api_sessions
-- requires: api_agent_states
-- requires: api_tags
-- requires: api_search
-- requires: api_dispatch
-- requires: sensitive_memories
-- requires: reliability_retries
-- Tenancy, part 4: the agent API under row-level security. The policies
-- already keep every statement to the caller's user; these new versions
-- close what the policies alone leave open (README, "Security model"):
--   create_memory_impl v3, create_sensitive_memory_impl v3 (on top of
--                        reliability_retries' v2): a taken memory id gives one
--                        error whoever holds it
--   start_session_impl v2
--                        the user defaults to the one the caller acts for; an
--                        id held by an invisible session gives the same error
--                        as a visible one
--   load_agent_state_impl v2, clear_agent_state_impl v2
--                        the global state of the caller's user
--   (tags_target needs no new body: reliability_retries' v2 locks the
--                        memory_entries row, through the policy, so another
--                        user's memory is never locked)
--   search_keyword_impl v2, search_hybrid_impl v2 (+ search_keyword_candidates)
--                        keyword candidates through the GIN index (the
--                        full-text match is not leakproof, so under a policy
--                        PostgreSQL would not use the index)
--   memory.dispatch v4   (on top of reliability_retries' v3) envelope "user_id": act for that user for one call
-- Each file holds one function (and the helper it adds), CREATE OR REPLACE:
-- the functions keep their OIDs, grants and comments; the revert includes
-- the previous bodies, kept alone in <name>.v1.sql (create_*_impl: v2, dispatch: v3).
BEGIN;

SET LOCAL ROLE memory_owner;

-- pgvector's settings (hnsw.*) in the search functions' SET clauses are known
-- only once the library is loaded in this session.
SELECT extensions.vector_dims('[1]'::extensions.vector) AS pgvector_loaded \gset

\ir ../functions/history/memory_store/create_memory_impl.v3.sql
\ir ../functions/history/memory_store/create_sensitive_memory_impl.v3.sql
\ir ../functions/history/memory_store/start_session_impl.v2.sql
\ir ../functions/history/memory_store/load_agent_state_impl.v2.sql
\ir ../functions/history/memory_store/clear_agent_state_impl.v2.sql
\ir ../functions/history/memory_store/search_keyword_candidates.v1.sql
\ir ../functions/history/memory_store/search_keyword_impl.v2.sql
\ir ../functions/history/memory_store/search_hybrid_impl.v2.sql
\ir ../functions/history/memory/dispatch.v4.sql

RESET ROLE;

-- Both see every tenant and hand out only what the caller may know (see
-- their comments); the API's functions, owned by memory_owner, call them.
ALTER FUNCTION memory_store.session_id_taken(text) OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.search_keyword_candidates(tsquery, text[], text, text, text, text[], timestamptz,
                                                      timestamptz, boolean, integer) OWNER TO memory_maintainer;
GRANT EXECUTE ON FUNCTION
    memory_store.session_id_taken(text),
    memory_store.search_keyword_candidates(tsquery, text[], text, text, text, text[], timestamptz, timestamptz,
                                           boolean, integer)
TO memory_owner;

COMMIT;
