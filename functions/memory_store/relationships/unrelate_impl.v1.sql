-- memory_store.unrelate_impl(p_source_memory_id text, p_target_memory_id
--     text, p_relationship_type text) RETURNS boolean
--
-- Removes the link source -> target of the given type, or of every type
-- when p_relationship_type is NULL. Returns whether a row was removed.
--
-- Errors:
--   through the functions it calls: 22023, 39004, MO001
-- Example:
--   memory_store.unrelate_impl(p_source_memory_id, p_target_memory_id,
--       p_relationship_type)
--   (as memory.unrelate calls it)

CREATE OR REPLACE FUNCTION memory_store.unrelate_impl(p_source_memory_id text, p_target_memory_id text,
                                           p_relationship_type text)
RETURNS boolean
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_removed integer;
BEGIN
    PERFORM memory_store.check_id('source_memory_id', memory_store.require('source_memory_id', p_source_memory_id));
    PERFORM memory_store.check_id('target_memory_id', memory_store.require('target_memory_id', p_target_memory_id));
    PERFORM memory_store.check_id('relationship_type', p_relationship_type, 32);
    PERFORM memory_store.relationship_end('source_memory_id', p_source_memory_id);
    PERFORM memory_store.relationship_end('target_memory_id', p_target_memory_id);
    DELETE FROM memory_store.memory_relationships r
     WHERE r.source_memory_id = p_source_memory_id AND r.target_memory_id = p_target_memory_id
       AND (p_relationship_type IS NULL OR r.relationship_type = p_relationship_type);
    GET DIAGNOSTICS v_removed = ROW_COUNT;
    RETURN v_removed > 0;
END
$fn$;
