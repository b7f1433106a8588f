-- memory_store.relationship_end(p_name text, p_memory_id text) RETURNS text
--
-- A memory named by a relationship call must exist and be visible (active,
-- not expired): MO001 otherwise. Returns the id.
--
-- Errors:
--   MO001 memory % not found
--   through the functions it calls: 22023, 39004
-- Example:
--   memory_store.relationship_end('source_memory_id',
--       p_source_memory_id)
--   (as memory_store.relate_impl calls it)

CREATE OR REPLACE FUNCTION memory_store.relationship_end(p_name text, p_memory_id text)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM memory_store.check_id(p_name, memory_store.require(p_name, p_memory_id));
    IF NOT EXISTS (SELECT 1 FROM memory_store.memory_entries e
                    WHERE e.memory_id = p_memory_id AND e.is_active
                      AND (e.expires_at IS NULL OR e.expires_at > now())) THEN
        RAISE EXCEPTION 'memory % not found', quote_literal(p_memory_id) USING ERRCODE = 'MO001';
    END IF;
    RETURN p_memory_id;
END
$fn$;
