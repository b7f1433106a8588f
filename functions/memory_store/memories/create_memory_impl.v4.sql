-- memory_store.create_memory_impl(p_memory_type text, p_content jsonb,
--     p_session_id text DEFAULT NULL::text, p_source_agent text DEFAULT
--     NULL::text, p_tags text[] DEFAULT NULL::text[], p_ttl_seconds integer
--     DEFAULT NULL::integer, p_expires_at timestamp with time zone DEFAULT
--     NULL::timestamp with time zone, p_priority integer DEFAULT
--     NULL::integer, p_embedding extensions.vector DEFAULT
--     NULL::extensions.vector, p_embedding_model text DEFAULT NULL::text,
--     p_memory_id text DEFAULT NULL::text) RETURNS memory.memory_record
--
-- Create a memory with its tags and optional embedding
-- (memory_store.create_entry: validation and the idempotent retry of a
-- caller-chosen memory_id, shared with sensitive memories).
--
-- Errors:
--   22023 expires_at must be in the future
--   MO002 session % not found
--   23505 memory id % already exists
--   through the functions it calls: 22004, 39004, 54000, MO001
-- Example:
--   memory_store.create_memory_impl(p_memory_type, p_content,
--       p_session_id, p_source_agent, p_tags, p_ttl_seconds,
--       p_expires_at, p_priority, p_embedding, p_embedding_model,
--       p_memory_id)
--   (as memory.create_memory calls it)

CREATE OR REPLACE FUNCTION memory_store.create_memory_impl(
    p_memory_type     text,
    p_content         jsonb,
    p_session_id      text DEFAULT NULL,
    p_source_agent    text DEFAULT NULL,
    p_tags            text[] DEFAULT NULL,
    p_ttl_seconds     integer DEFAULT NULL,
    p_expires_at      timestamptz DEFAULT NULL,
    p_priority        integer DEFAULT NULL,
    p_embedding       extensions.vector DEFAULT NULL,
    p_embedding_model text DEFAULT NULL,
    p_memory_id       text DEFAULT NULL)
RETURNS memory.memory_record
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT memory_store.create_entry(p_memory_type, p_content, p_session_id, p_source_agent, p_tags, p_ttl_seconds,
                                     p_expires_at, p_priority, p_memory_id, p_embedding, p_embedding_model);
$fn$;
