-- Revert memory-orchestrator:tenancy_api from pg
-- Back to the v1 bodies: drop every function the v1 files define (and the
-- ones v2 added) and include v1 again. dispatch_actions refers to its
-- handlers by OID, so the handlers' references are renewed by name, and
-- memory.dispatch gets its grant back.
BEGIN;

CREATE TEMP TABLE tenancy_api_handlers ON COMMIT DROP AS
SELECT action, handler::text AS handler FROM memory_store.dispatch_actions;

DROP FUNCTION memory_store.session_id_taken(text);
DROP FUNCTION memory_store.search_keyword_candidates(tsquery, text[], text, text, text, text[], timestamptz,
                                                     timestamptz, boolean, integer);

SET LOCAL ROLE memory_owner;

DROP FUNCTION memory.dispatch(text);
DROP FUNCTION memory.dispatch(jsonb);

DROP FUNCTION memory_store.search_hybrid_impl(text, extensions.vector, text[], text, text, text, text[], timestamptz,
                                              timestamptz, boolean, integer, double precision, text, integer);
DROP FUNCTION memory_store.search_semantic_impl(extensions.vector, text[], text, text, text, text[], timestamptz,
                                                timestamptz, boolean, integer, double precision, text);
DROP FUNCTION memory_store.search_keyword_impl(text, text[], text, text, text, text[], timestamptz, timestamptz,
                                               boolean, integer);
DROP FUNCTION memory_store.search_raise(text, text);

DROP FUNCTION memory_store.tag_counts_impl(text);
DROP FUNCTION memory_store.list_tags_impl(text);
DROP FUNCTION memory_store.remove_tags_impl(text, text[]);
DROP FUNCTION memory_store.add_tags_impl(text, text[]);
DROP FUNCTION memory_store.tags_target(text, boolean);
DROP FUNCTION memory_store.tags_memory_visible(text);
DROP FUNCTION memory_store.check_tag_array(text[]);

DROP FUNCTION memory_store.clear_agent_state_impl(text, text);
DROP FUNCTION memory_store.load_agent_state_impl(text, text);
DROP FUNCTION memory_store.save_agent_state_impl(text, jsonb, text, integer);
DROP FUNCTION memory_store.agent_state_session(text);

DROP FUNCTION memory_store.dispatch_get_session(jsonb, text);
DROP FUNCTION memory_store.dispatch_touch_session(jsonb, text);
DROP FUNCTION memory_store.dispatch_end_session(jsonb, text);
DROP FUNCTION memory_store.dispatch_create_session(jsonb, text);
DROP FUNCTION memory_store.dispatch_session_id(jsonb, text, boolean);
DROP FUNCTION memory_store.get_session_impl(text);
DROP FUNCTION memory_store.touch_session_impl(text);
DROP FUNCTION memory_store.end_session_impl(text, text, boolean);
DROP FUNCTION memory_store.start_session_impl(text, text, text, jsonb);
DROP FUNCTION memory_store.session_record_of(memory_store.sessions);

DROP FUNCTION memory_store.bulk_delete_impl(text, timestamptz, text[], text, boolean);
DROP FUNCTION memory_store.batch_read_impl(text[], text[], text, text, text, text[], timestamptz, timestamptz, boolean,
                                           integer, integer, text, text);
DROP FUNCTION memory_store.delete_memory_impl(text, boolean);
DROP FUNCTION memory_store.update_memory_impl(text, jsonb, boolean, text[], integer, timestamptz, boolean, integer);
DROP FUNCTION memory_store.create_memory_impl(text, jsonb, text, text, text[], integer, timestamptz, integer,
                                              extensions.vector, text, text);
DROP FUNCTION memory_store.clean_tags(text[]);
DROP FUNCTION memory_store.read_memory_impl(text, boolean);

\ir ../functions/memory_store/memories_impl.v1.sql
\ir ../functions/memory_store/sessions_impl.v1.sql
\ir ../functions/memory_store/agent_states_impl.v1.sql
\ir ../functions/memory_store/tags_impl.v1.sql
\ir ../functions/memory_store/search_impl.v1.sql
\ir ../functions/memory/dispatch.v1.sql

GRANT EXECUTE ON FUNCTION memory.dispatch(jsonb), memory.dispatch(text) TO memory_agent;

RESET ROLE;
UPDATE memory_store.dispatch_actions AS a SET handler = h.handler::regprocedure
  FROM pg_temp.tenancy_api_handlers AS h
 WHERE h.action = a.action AND a.handler IS DISTINCT FROM h.handler::regprocedure;

COMMIT;
