-- memory.changes_since(p_cursor text DEFAULT NULL::text, p_limit integer
--     DEFAULT 100) RETURNS TABLE(next_cursor text, memory_id text,
--     session_id text, operation text, changed_at timestamp with time zone)
--
-- What changed in the acting user's memories after p_cursor, oldest first,
-- without gaps: insert, update (soft deletes and restores included) or
-- delete (hard deletes, purges, archiving) of each memory. Pass the last
-- row's next_cursor to the next call; NULL starts at the oldest change kept
-- (lifecycle setting change_feed_retention). Changes of a transaction show
-- once every older transaction has ended. LISTEN memory_changes says when to
-- ask (its payload is empty).
--
-- Errors:
--   22023 bad limit (1..1000), malformed cursor, cursor ahead of the feed,
--   cursor older than the oldest change kept.
-- Example:
--   SELECT * FROM memory.changes_since(p_cursor => '1234-56', p_limit => 100);

CREATE OR REPLACE FUNCTION memory.changes_since(p_cursor text DEFAULT NULL, p_limit integer DEFAULT 100)
RETURNS TABLE (next_cursor text, memory_id text, session_id text, operation text, changed_at timestamptz)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('cursor', p_cursor, 'limit', p_limit);
BEGIN
    RETURN QUERY SELECT c.next_cursor, c.memory_id, c.session_id, c.operation, c.changed_at
                   FROM memory_store.changes_since_impl(p_cursor, p_limit) AS c;
    PERFORM memory_store.audit('read', NULL, NULL, v_request, true);
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('read', NULL, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.changes_since(p_cursor text, p_limit integer) IS 'What changed in the acting user''s memories after p_cursor, oldest first, without gaps: one row per insert, update (soft delete, restore) or delete (hard delete, purge, archiving) of a memory, with the next_cursor that resumes after it; NULL starts at the oldest change kept (setting change_feed_retention). A transaction''s changes show once every older transaction has ended. LISTEN memory_changes says when to ask (empty payload). Errors: 22023 bad limit (1..1000), malformed cursor, cursor ahead of the feed, cursor older than the oldest change kept.
Example: SELECT * FROM memory.changes_since(p_cursor => ''1234-56'', p_limit => 100);';
