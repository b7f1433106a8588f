-- memory_store.tag_counts_impl(p_user_id text) RETURNS TABLE(tag text,
--     memory_count bigint)
--
-- How many visible memories carry each tag, optionally only a user's
-- memories (through their sessions), most used first.
--
-- Errors:
--   through the functions it calls: 22023
-- Example:
--   memory_store.tag_counts_impl(p_user_id)
--   (as memory.tag_counts calls it)

CREATE OR REPLACE FUNCTION memory_store.tag_counts_impl(p_user_id text)
RETURNS TABLE (tag text, memory_count bigint)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM memory_store.check_id('user_id', p_user_id);
    RETURN QUERY
    SELECT t.tag::text, count(*)::bigint
      FROM memory_store.memory_tags t
      JOIN memory_store.memory_entries e ON e.memory_id = t.memory_id
      LEFT JOIN memory_store.sessions s ON s.session_id = e.session_id
     WHERE e.is_active AND (e.expires_at IS NULL OR e.expires_at > now())
       AND (p_user_id IS NULL OR s.user_id = p_user_id)
     GROUP BY t.tag
     ORDER BY count(*) DESC, t.tag;
END
$fn$;
