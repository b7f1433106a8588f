-- memory_store.current_agent_id() RETURNS character varying
--
-- The agent on whose behalf the call runs: the setting memory.agent_id when
-- set (SET memory.agent_id = 'planner'), else the login role. Inlined into
-- the caller's statement (no SET clause; built-ins only).
--
-- Errors:
--   none of its own
-- Example:
--   memory_store.current_agent_id()
--   (as memory_store.audit calls it)

CREATE OR REPLACE FUNCTION memory_store.current_agent_id()
RETURNS varchar(64)
LANGUAGE sql STABLE
AS $fn$
    SELECT pg_catalog.left(coalesce(nullif(pg_catalog.current_setting('memory.agent_id', true), ''), session_user::text), 64)::varchar(64)
$fn$;

COMMENT ON FUNCTION memory_store.current_agent_id() IS 'The calling agent: setting memory.agent_id if set, else session_user. Recorded in the audit log and used as source_agent default.';
