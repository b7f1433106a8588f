-- memory.tag_counts(p_user_id text DEFAULT NULL::text) RETURNS TABLE(tag
--     text, memory_count bigint)
--
-- How many visible memories carry each tag, most used first; with p_user_id
-- only that user's memories (through their sessions).
--
-- Errors:
--   22023 malformed user_id.
-- Example:
--   SELECT * FROM memory.tag_counts(p_user_id => 'u-1');

CREATE OR REPLACE FUNCTION memory.tag_counts(p_user_id text DEFAULT NULL)
RETURNS TABLE (tag text, memory_count bigint)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('user_id', p_user_id);
BEGIN
    RETURN QUERY SELECT c.tag, c.memory_count FROM memory_store.tag_counts_impl(p_user_id) AS c;
    PERFORM memory_store.audit('read', NULL, NULL, v_request, true);
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('read', NULL, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.tag_counts(p_user_id text) IS 'How many visible memories carry each tag, most used first; with p_user_id only that user''s memories (through their sessions). Errors: 22023 malformed user_id.
Example: SELECT * FROM memory.tag_counts(p_user_id => ''u-1'');';
