-- memory.walk_relationships(p_memory_id text, p_max_depth integer DEFAULT
--     3, p_relationship_types text[] DEFAULT NULL::text[], p_direction text
--     DEFAULT 'outgoing'::text) RETURNS TABLE(memory_id character varying,
--     depth integer, path text[], relationship_type character varying,
--     via_memory_id character varying)
--
-- The visible memories reachable from a visible memory in 1..p_max_depth
-- (1..10) steps along links 'outgoing' (source -> target), 'incoming' or
-- 'both', optionally only of p_relationship_types. Each memory once, at its
-- smallest depth: path = ids from the start to it, relationship_type = the
-- link that reached it, via_memory_id = the memory it was reached from.
-- Cycles end (a path never revisits a memory); ordered by depth, memory_id.
--
-- Errors:
--   22004 missing argument, 22023 depth out of range / unknown direction
--   / bad type list, MO001 no such visible memory.
-- Example:
--   SELECT * FROM memory.walk_relationships('m-1', p_max_depth => 2, p_direction => 'both');

CREATE OR REPLACE FUNCTION memory.walk_relationships(p_memory_id text, p_max_depth integer DEFAULT 3,
                                          p_relationship_types text[] DEFAULT NULL,
                                          p_direction text DEFAULT 'outgoing')
RETURNS TABLE (memory_id varchar(64), depth integer, path text[], relationship_type varchar(32),
               via_memory_id varchar(64))
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('memory_id', p_memory_id, 'max_depth', p_max_depth,
                                          'relationship_types', to_jsonb(p_relationship_types), 'direction', p_direction);
BEGIN
    RETURN QUERY SELECT w.memory_id, w.depth, w.path, w.relationship_type, w.via_memory_id
                   FROM memory_store.walk_relationships_impl(p_memory_id, p_max_depth, p_relationship_types, p_direction) AS w;
    PERFORM memory_store.audit('read', p_memory_id, NULL, v_request, true);
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('read', p_memory_id, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.walk_relationships(p_memory_id text, p_max_depth integer, p_relationship_types text[], p_direction text) IS 'The visible memories reachable from a visible memory in 1..p_max_depth (1..10) steps along links ''outgoing'' (source -> target), ''incoming'' or ''both'', optionally only of p_relationship_types. Each memory once, at its smallest depth: path = ids from the start to it, relationship_type = the link that reached it, via_memory_id = the memory it was reached from. Cycles end (a path never revisits a memory); ordered by depth, memory_id. Errors: 22004 missing argument, 22023 depth out of range / unknown direction / bad type list, MO001 no such visible memory.
Example: SELECT * FROM memory.walk_relationships(''m-1'', p_max_depth => 2, p_direction => ''both'');';
