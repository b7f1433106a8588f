-- memory_store.memories_as_of(p_as_of timestamp with time zone) RETURNS
--     TABLE(memory_id character varying, session_id character varying,
--     memory_type character varying, content jsonb, text_content text,
--     source_agent character varying, created_at timestamp with time zone,
--     updated_at timestamp with time zone, expires_at timestamp with time
--     zone, priority integer, is_active boolean, is_sensitive boolean,
--     content_encrypted bytea, user_id character varying, version integer,
--     changed_by character varying, change_operation character varying,
--     tags text[], valid_from timestamp with time zone)
--
-- Every memory as it stood at p_as_of, one row per memory that existed then
-- in the hot store: the version valid at that instant (valid_from <=
-- p_as_of < valid_to in memory_store.memory_versions, or the current row of
-- memory_store.memory_entries when its updated_at <= p_as_of), with the tags
-- it had. A memory created later is absent; one deleted (soft) since is
-- present as it was, is_active and all; one that was in the archive at that
-- instant is absent, as it is from a read now. updated_at is the version's
-- valid_from. Inactive and expired versions are returned too: callers apply
-- is_active and expires_at > p_as_of as a read at that instant would.
-- SECURITY INVOKER and plain SQL (inlined into the caller's query): the
-- tenant policy of both tables applies, so it answers for the acting user
-- only. Versions of a sensitive memory carry the stub and the ciphertext.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_id, version, content FROM memory_store.memories_as_of(now() - interval '1 day');

CREATE OR REPLACE FUNCTION memory_store.memories_as_of(p_as_of timestamptz)
RETURNS TABLE (memory_id varchar(64), session_id varchar(64), memory_type varchar(32), content jsonb,
               text_content text, source_agent varchar(64), created_at timestamptz, updated_at timestamptz,
               expires_at timestamptz, priority integer, is_active boolean, is_sensitive boolean,
               content_encrypted bytea, user_id varchar(64), version integer, changed_by varchar(64),
               change_operation varchar(16), tags text[], valid_from timestamptz)
LANGUAGE sql STABLE
AS $fn$
    SELECT e.memory_id, e.session_id, e.memory_type, e.content, e.text_content, e.source_agent, e.created_at,
           e.updated_at, e.expires_at, e.priority, e.is_active, e.is_sensitive, e.content_encrypted, e.user_id,
           e.version, e.changed_by, e.change_operation, memory_store.tags_of(e.memory_id), e.updated_at
      FROM memory_store.memory_entries e
     WHERE e.updated_at <= p_as_of
    UNION ALL
    SELECT v.memory_id, v.session_id, v.memory_type, v.content, v.content ->> 'text', v.source_agent, v.created_at,
           v.valid_from, v.expires_at, v.priority, v.is_active, v.is_sensitive, v.content_encrypted, v.user_id,
           v.version, v.agent_id, v.operation, v.tags, v.valid_from
      FROM memory_store.memory_versions v
     WHERE v.valid_to > p_as_of AND v.valid_from <= p_as_of AND v.operation <> 'archive'
$fn$;

COMMENT ON FUNCTION memory_store.memories_as_of(p_as_of timestamp with time zone) IS 'Every memory of the acting user (SECURITY INVOKER: the tenant policy applies) as it stood at p_as_of: the version valid then, with its tags and valid_from; memories created later absent, memories deleted since present (is_active as it was), archived ones absent.
Example: SELECT memory_id, version, content FROM memory_store.memories_as_of(now() - interval ''1 day'');';
