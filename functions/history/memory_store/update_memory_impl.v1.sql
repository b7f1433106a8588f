-- memory_store.update_memory_impl as released in memories_impl.v1.sql
-- (v0.2.0), alone, so that the revert of sensitive_memories can restore it.
-- Partial update: only the arguments given change. p_content replaces the
-- content (or, with p_merge_content, is merged into it key by key); p_tags
-- replaces the tag set; ttl / expires_at set a new expiry (p_clear_expiry
-- makes the memory permanent).
CREATE OR REPLACE FUNCTION memory_store.update_memory_impl(
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
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_current    memory.memory_record := memory_store.read_memory_impl(p_memory_id, false);
    v_tags       text[] := memory_store.clean_tags(p_tags);
    v_expires_at timestamptz := memory_store.expiry(p_ttl_seconds, p_expires_at);
    v_content    jsonb;
BEGIN
    PERFORM memory_store.check_content(p_content);
    PERFORM memory_store.check_priority(p_priority);
    IF p_clear_expiry AND v_expires_at IS NOT NULL THEN
        RAISE EXCEPTION 'give a new expiry or clear it, not both' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_expires_at IS NOT NULL AND v_expires_at <= now() THEN
        RAISE EXCEPTION 'expires_at must be in the future' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_content := CASE WHEN p_content IS NULL THEN v_current.content
                      WHEN p_merge_content THEN v_current.content || p_content
                      ELSE p_content END;
    PERFORM memory_store.check_content(v_content);

    UPDATE memory_store.memory_entries
       SET content    = v_content,
           priority   = coalesce(p_priority, priority),
           expires_at = CASE WHEN p_clear_expiry THEN NULL ELSE coalesce(v_expires_at, expires_at) END,
           updated_at = now()
     WHERE memory_id = p_memory_id AND created_at = v_current.created_at;
    IF v_tags IS NOT NULL THEN
        DELETE FROM memory_store.memory_tags WHERE memory_id = p_memory_id AND tag <> ALL (v_tags);
        INSERT INTO memory_store.memory_tags (memory_id, tag)
        SELECT p_memory_id, unnest(v_tags) ON CONFLICT ON CONSTRAINT unique_memory_tag DO NOTHING;
    END IF;
    RETURN memory_store.read_memory_impl(p_memory_id, true);
END
$fn$;
