-- memory_store.create_sensitive_memory_impl(p_memory_type text, p_content
--     jsonb, p_session_id text DEFAULT NULL::text, p_source_agent text
--     DEFAULT NULL::text, p_tags text[] DEFAULT NULL::text[], p_ttl_seconds
--     integer DEFAULT NULL::integer, p_expires_at timestamp with time zone
--     DEFAULT NULL::timestamp with time zone, p_priority integer DEFAULT
--     NULL::integer, p_memory_id text DEFAULT NULL::text) RETURNS
--     memory.memory_record
--
-- Create a sensitive memory: the same arguments, validation and idempotent
-- retry as create_memory_impl (both are memory_store.create_entry), minus
-- the embedding, which a sensitive memory never has: a vector that places
-- the text in meaning space is a summary of it. The content is validated as
-- plaintext (size bound included) and stored encrypted under the caller's
-- key; the row's content is the stub. The answer carries the plaintext.
--
-- Errors:
--   as create_memory_impl, plus 22004 no key, 22023 bad key.
-- Example:
--   SELECT (memory_store.create_sensitive_memory_impl('context', '{"text": "PIN 1234"}')).memory_id;

CREATE OR REPLACE FUNCTION memory_store.create_sensitive_memory_impl(
    p_memory_type  text,
    p_content      jsonb,
    p_session_id   text DEFAULT NULL,
    p_source_agent text DEFAULT NULL,
    p_tags         text[] DEFAULT NULL,
    p_ttl_seconds  integer DEFAULT NULL,
    p_expires_at   timestamptz DEFAULT NULL,
    p_priority     integer DEFAULT NULL,
    p_memory_id    text DEFAULT NULL)
RETURNS memory.memory_record
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT memory_store.create_entry(p_memory_type, p_content, p_session_id, p_source_agent, p_tags, p_ttl_seconds,
                                     p_expires_at, p_priority, p_memory_id, p_key => memory_store.encryption_key(true));
$fn$;

COMMENT ON FUNCTION memory_store.create_sensitive_memory_impl(p_memory_type text, p_content jsonb, p_session_id text, p_source_agent text, p_tags text[], p_ttl_seconds integer, p_expires_at timestamp with time zone, p_priority integer, p_memory_id text) IS 'Creates a sensitive memory: content encrypted with the caller''s key (memory.encryption_key), stub in the content column, no embedding. Errors: as create_memory_impl, plus 22004 no key, 22023 bad key.
Example: SELECT (memory_store.create_sensitive_memory_impl(''context'', ''{"text": "PIN 1234"}'')).memory_id;';
