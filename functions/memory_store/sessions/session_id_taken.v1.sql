-- memory_store.session_id_taken(p_session_id text) RETURNS boolean
--
-- Is the session id taken by anyone? Owned by memory_maintainer (sees every
-- tenant); only the answer leaves it, and start_session_impl turns a taken
-- id into the same error whoever holds it.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.session_id_taken('s-1');

CREATE OR REPLACE FUNCTION memory_store.session_id_taken(p_session_id text)
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT EXISTS (SELECT 1 FROM memory_store.sessions s WHERE s.session_id = p_session_id)
$fn$;

COMMENT ON FUNCTION memory_store.session_id_taken(p_session_id text) IS 'Whether any session, of any user, has this id (owned by memory_maintainer; used by start_session_impl only).
Example: SELECT memory_store.session_id_taken(''s-1'');';
