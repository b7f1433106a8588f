-- memory.update_memory(p_memory_id text, p_content jsonb DEFAULT
--     NULL::jsonb, p_merge_content boolean DEFAULT false, p_tags text[]
--     DEFAULT NULL::text[], p_ttl_seconds integer DEFAULT NULL::integer,
--     p_expires_at timestamp with time zone DEFAULT NULL::timestamp with
--     time zone, p_clear_expiry boolean DEFAULT false, p_priority integer
--     DEFAULT NULL::integer) RETURNS memory.memory_record
--
-- memory.update_memory: a partial update; arguments left NULL keep their value.
--
-- Errors:
--   22004, 22023, 54000, MO001.
-- Example:
--   SELECT * FROM memory.update_memory('m-1', p_priority => 9, p_tags => ARRAY['important']);

CREATE OR REPLACE FUNCTION memory.update_memory(
    p_memory_id     text,
    p_content       jsonb DEFAULT NULL,
    p_merge_content boolean DEFAULT false,
    p_tags          text[] DEFAULT NULL,
    p_ttl_seconds   integer DEFAULT NULL,
    p_expires_at    timestamptz DEFAULT NULL,
    p_clear_expiry  boolean DEFAULT false,
    p_priority      integer DEFAULT NULL)
RETURNS memory.memory_record
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result  memory.memory_record;
    v_request jsonb := jsonb_build_object(
        'memory_id', p_memory_id, 'content', p_content, 'merge_content', p_merge_content, 'tags', to_jsonb(p_tags),
        'ttl', p_ttl_seconds, 'expires_at', p_expires_at, 'clear_expiry', p_clear_expiry, 'priority', p_priority);
BEGIN
    v_result := memory_store.update_memory_impl(p_memory_id, p_content, p_merge_content, p_tags, p_ttl_seconds,
                                                p_expires_at, p_clear_expiry, p_priority);
    PERFORM memory_store.audit('update', v_result.memory_id, v_result.session_id, v_request, true);
    RETURN v_result;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('update', p_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.update_memory(p_memory_id text, p_content jsonb, p_merge_content boolean, p_tags text[], p_ttl_seconds integer, p_expires_at timestamp with time zone, p_clear_expiry boolean, p_priority integer) IS 'Partially updates a visible memory: content (replaced, or merged key by key with p_merge_content), tags (replaced), ttl / expires_at (or p_clear_expiry), priority; updated_at follows. Errors: 22004, 22023, 54000, MO001.
Example: SELECT * FROM memory.update_memory(''m-1'', p_priority => 9, p_tags => ARRAY[''important'']);';
