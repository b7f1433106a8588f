-- Deploy memory-orchestrator:tenancy_api to pg
-- requires: tenancy_policies
-- requires: api_memories
-- requires: api_sessions
-- requires: api_agent_states
-- requires: api_tags
-- requires: api_search
-- requires: api_dispatch
-- Tenancy, part 4: the agent API under row-level security. The policies
-- already keep every statement to the caller's user; these new versions
-- close what the policies alone leave open (README, "Security model"):
--   memories_impl v2     a taken memory id gives one error whoever holds it
--   sessions_impl v2     start_session: the user defaults to the one the
--                        caller acts for; an id held by an invisible session
--                        gives the same error as a visible one
--   agent_states_impl v2 load/clear pick the global state of the caller's user
--   tags_impl v2         no lock on another user's memory
--   search_impl v2       keyword candidates through the GIN index (the
--                        full-text match is not leakproof, so under a policy
--                        PostgreSQL would not use the index)
--   dispatch v2          envelope "user_id": act for that user for one call
-- The v2 files use CREATE OR REPLACE for the functions v1 defined, so the
-- functions keep their OIDs (dispatch_actions refers to handlers by OID),
-- grants and comments; the revert drops them and re-creates v1.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/memory_store/memories_impl.v2.sql
\ir ../functions/memory_store/sessions_impl.v2.sql
\ir ../functions/memory_store/agent_states_impl.v2.sql
\ir ../functions/memory_store/tags_impl.v2.sql
\ir ../functions/memory_store/search_impl.v2.sql
\ir ../functions/memory/dispatch.v2.sql

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
