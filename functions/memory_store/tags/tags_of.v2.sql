-- memory_store.tags_of(p_memory_id text) RETURNS text[]
--
-- The tags of a memory, sorted (empty array when it has none). PL/pgSQL so
-- the statement is planned once per session (a SQL function that cannot be
-- inlined is parsed and planned again in every statement that calls it); no
-- SET clause, the caller's pinned search_path applies.
--
-- Errors:
--   none of its own
-- Example:
--   memory_store.tags_of(p_memory_id)
--   (as memory_store.add_tags_impl calls it)

CREATE OR REPLACE FUNCTION memory_store.tags_of(p_memory_id text)
RETURNS text[]
LANGUAGE plpgsql STABLE
AS $fn$
BEGIN
    RETURN ARRAY(SELECT t.tag::text FROM memory_store.memory_tags t
                  WHERE t.memory_id = p_memory_id ORDER BY t.tag);
END
$fn$;
