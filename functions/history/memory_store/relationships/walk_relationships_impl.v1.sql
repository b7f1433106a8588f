-- memory_store.walk_relationships_impl(p_memory_id text, p_max_depth
--     integer, p_relationship_types text[], p_direction text) RETURNS
--     TABLE(memory_id character varying, depth integer, path text[],
--     relationship_type character varying, via_memory_id character varying)
--
-- The memories reachable from p_memory_id in 1..p_max_depth steps (at most
-- 10), following links outgoing (source -> target), incoming (target ->
-- source) or both ways, optionally only of the given types. A recursive CTE
-- that carries the path (ids from the start) and never enters a memory that
-- is already on it, so cycles end; only visible memories are entered, and
-- each step keeps one path per memory, so dense graphs stay cheap. Each
-- reachable memory is returned once, at its smallest depth, with one
-- shortest path (the lowest in sort order), the type of the link that
-- reached it and the memory it was reached from (via_memory_id).
--
-- Errors:
--   22023 max_depth must be between 1 and 10, got %
--   through the functions it calls: 39004, MO001
-- Example:
--   memory_store.walk_relationships_impl(p_memory_id, p_max_depth,
--       p_relationship_types, p_direction)
--   (as memory.walk_relationships calls it)

CREATE OR REPLACE FUNCTION memory_store.walk_relationships_impl(p_memory_id text, p_max_depth integer,
                                                     p_relationship_types text[], p_direction text)
RETURNS TABLE (memory_id varchar(64), depth integer, path text[], relationship_type varchar(32),
               via_memory_id varchar(64))
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_type text;
BEGIN
    PERFORM memory_store.require('max_depth', p_max_depth);
    PERFORM memory_store.require('direction', p_direction);
    IF p_max_depth NOT BETWEEN 1 AND 10 THEN
        RAISE EXCEPTION 'max_depth must be between 1 and 10, got %', p_max_depth
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_direction NOT IN ('outgoing', 'incoming', 'both') THEN
        RAISE EXCEPTION 'direction must be outgoing, incoming or both, got %', quote_literal(left(p_direction, 64))
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_relationship_types IS NOT NULL THEN
        IF cardinality(p_relationship_types) = 0 THEN
            RAISE EXCEPTION 'relationship_types must name at least one type (or be omitted)'
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        FOREACH v_type IN ARRAY p_relationship_types LOOP
            IF v_type IS NULL THEN
                RAISE EXCEPTION 'relationship_types must not contain NULL' USING ERRCODE = 'invalid_parameter_value';
            END IF;
            PERFORM memory_store.check_id('relationship_type', v_type, 32);
        END LOOP;
    END IF;
    PERFORM memory_store.relationship_end('memory_id', p_memory_id);

    RETURN QUERY
    WITH RECURSIVE walk (memory_id, depth, path, relationship_type, via_memory_id) AS (
        SELECT e.to_id, 1, ARRAY[p_memory_id, e.to_id::text], e.relationship_type, e.from_id
          FROM (SELECT r.source_memory_id AS from_id, r.target_memory_id AS to_id, r.relationship_type
                  FROM memory_store.memory_relationships r
                 WHERE p_direction IN ('outgoing', 'both') AND r.source_memory_id = p_memory_id
                   AND (p_relationship_types IS NULL OR r.relationship_type = ANY (p_relationship_types))
                UNION ALL
                SELECT r.target_memory_id, r.source_memory_id, r.relationship_type
                  FROM memory_store.memory_relationships r
                 WHERE p_direction IN ('incoming', 'both') AND r.target_memory_id = p_memory_id
                   AND (p_relationship_types IS NULL OR r.relationship_type = ANY (p_relationship_types))) AS e
        UNION ALL
        -- One step further. Per step each memory is kept once (its lowest
        -- path): the frontier never exceeds the number of memories, so the
        -- work grows with depth x links instead of with the number of paths,
        -- and every memory is still found at its smallest depth.
        SELECT step.memory_id, step.depth, step.path, step.relationship_type, step.via_memory_id
          FROM (SELECT e.to_id AS memory_id, w.depth + 1 AS depth, w.path || e.to_id::text AS path,
                       e.relationship_type, e.from_id AS via_memory_id,
                       row_number() OVER (PARTITION BY e.to_id ORDER BY w.path, e.relationship_type) AS nth
                  FROM walk w
                 CROSS JOIN LATERAL (
                        SELECT r.source_memory_id AS from_id, r.target_memory_id AS to_id, r.relationship_type
                          FROM memory_store.memory_relationships r
                         WHERE p_direction IN ('outgoing', 'both') AND r.source_memory_id = w.memory_id
                           AND (p_relationship_types IS NULL OR r.relationship_type = ANY (p_relationship_types))
                        UNION ALL
                        SELECT r.target_memory_id, r.source_memory_id, r.relationship_type
                          FROM memory_store.memory_relationships r
                         WHERE p_direction IN ('incoming', 'both') AND r.target_memory_id = w.memory_id
                           AND (p_relationship_types IS NULL OR r.relationship_type = ANY (p_relationship_types))) AS e
                 WHERE w.depth < p_max_depth
                   -- never back onto the path: cycles end
                   AND NOT (e.to_id::text = ANY (w.path))
                   -- only a visible memory is walked through
                   AND EXISTS (SELECT 1 FROM memory_store.memory_entries m
                                WHERE m.memory_id = w.memory_id AND m.is_active
                                  AND (m.expires_at IS NULL OR m.expires_at > now()))) AS step
         WHERE step.nth = 1
    ),
    nearest AS (
        SELECT DISTINCT ON (w.memory_id) w.memory_id, w.depth, w.path, w.relationship_type, w.via_memory_id
          FROM walk w
         WHERE EXISTS (SELECT 1 FROM memory_store.memory_entries m
                        WHERE m.memory_id = w.memory_id AND m.is_active
                          AND (m.expires_at IS NULL OR m.expires_at > now()))
         ORDER BY w.memory_id, w.depth, w.path, w.relationship_type
    )
    SELECT n.memory_id, n.depth, n.path, n.relationship_type, n.via_memory_id
      FROM nearest n
     ORDER BY n.depth, n.memory_id;
END
$fn$;
