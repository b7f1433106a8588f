-- memory.memory_history(p_memory_id text, p_limit integer DEFAULT
--     NULL::integer, p_before_version integer DEFAULT NULL::integer)
--     RETURNS TABLE(version integer, valid_from timestamp with time zone,
--     valid_to timestamp with time zone, operation character varying,
--     agent_id character varying, content jsonb, tags text[], priority
--     integer, is_active boolean, expires_at timestamp with time zone)
--
-- The history of one memory, oldest first: every version it has had
-- (version 1, 2, ...), when each was valid (valid_to NULL for the current
-- one), the operation that made it (create, update, tag, delete, restore,
-- archive, unarchive, import, dedupe), the agent, and its content, tags,
-- priority, is_active and expires_at. Soft-deleted and archived memories
-- have one too. At most p_limit versions (default and maximum
-- limits().max_page_size), the newest below p_before_version: page back
-- with the smallest version you got. Sensitive memories need the key
-- (memory.encryption_key). Versions are never edited (docs/history.md).
-- Audited as a read; the audit row commits durably.
--
-- Errors:
--   22004 memory_id missing (the key too), 22023 bad id / limit /
--   before_version (a bad key too), MO001 not found, 42501 the key does not
--   open it.
-- Example:
--   SELECT version, operation, content FROM memory.memory_history('m-1');

CREATE OR REPLACE FUNCTION memory.memory_history(p_memory_id text, p_limit integer DEFAULT NULL,
                                                 p_before_version integer DEFAULT NULL)
RETURNS TABLE (version integer, valid_from timestamptz, valid_to timestamptz, operation varchar(16),
               agent_id varchar(64), content jsonb, tags text[], priority integer, is_active boolean,
               expires_at timestamptz)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('memory_id', p_memory_id, 'history', true, 'limit', p_limit,
                                          'before_version', p_before_version);
BEGIN
    RETURN QUERY SELECT * FROM memory_store.memory_history_impl(p_memory_id, p_limit, p_before_version);
    PERFORM memory_store.audit_read_commit(true);
    PERFORM memory_store.audit('read', p_memory_id, NULL, v_request, true);
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('read', p_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.memory_history(p_memory_id text, p_limit integer, p_before_version integer) IS 'The history of one memory, oldest first: version, valid_from, valid_to (NULL for the current one), operation (create, update, tag, delete, restore, archive, unarchive, import, dedupe), agent_id, content, tags, priority, is_active, expires_at; at most p_limit (default and maximum limits().max_page_size), the newest below p_before_version. Versions are never edited. Errors: 22004 memory_id missing (the key too), 22023 bad id / limit / before_version (a bad key too), MO001 not found, 42501 the key does not open it.
Example: SELECT version, operation, content FROM memory.memory_history(''m-1'');';
