-- memory_store.walk_relationships_impl(p_memory_id text, p_max_depth
--     integer, p_relationship_types text[], p_direction text) RETURNS
--     TABLE(memory_id character varying, depth integer, path text[],
--     relationship_type character varying, via_memory_id character varying)
--
-- The memories reachable from p_memory_id in 1..p_max_depth steps (at most
-- 10), following links outgoing (source -> target), incoming (target ->
-- source) or both ways, optionally only of the given types. A breadth-first
-- walk, one statement per depth: each visible memory is entered once, at
-- its smallest depth, and expanded once, so the work grows with the links
-- of the memories reached, never with the number of paths. Of the links
-- that reach a memory first, the one from the lowest path (then the lowest
-- type) is kept: the memory's path (ids from the start), the type of that
-- link and the memory it was reached from (via_memory_id).
-- Budget, checked while walking, before more work: at most 20,000 links
-- read and 2,000 memories returned per call (54000, naming the limit).
--
-- Errors:
--   22023 max_depth must be between 1 and 10, got %
--   54000 the walk reads more than 20000 links / reaches more than 2000 memories
--   through the functions it calls: 39004, MO001
-- Example:
--   SELECT * FROM memory_store.walk_relationships_impl('m-1', 3, NULL, 'both');

CREATE OR REPLACE FUNCTION memory_store.walk_relationships_impl(p_memory_id text, p_max_depth integer,
                                                     p_relationship_types text[], p_direction text)
RETURNS TABLE (memory_id varchar(64), depth integer, path text[], relationship_type varchar(32),
               via_memory_id varchar(64))
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    c_max_links    constant integer := 20000;
    c_max_memories constant integer := 2000;
    v_type     text;
    v_seen     text[] := ARRAY[p_memory_id];
    -- The frontier, in path order: ids and their paths (JSON arrays of ids).
    v_ids      text[] := ARRAY[p_memory_id];
    v_paths    jsonb[] := ARRAY[jsonb_build_array(p_memory_id)];
    v_types    text[];
    v_vias     text[];
    v_links    bigint;
    v_read     bigint := 0;
    v_found    integer := 0;
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

    FOR v_depth IN 1 .. p_max_depth LOOP
        WITH frontier AS (
            SELECT f.id, f.path, f.rank
              FROM unnest(v_ids, v_paths) WITH ORDINALITY AS f(id, path, rank)),
        links AS (
            -- Every link of the frontier, up to one past the budget left.
            SELECT f.id AS from_id, f.path, f.rank, e.to_id, e.relationship_type
              FROM frontier f
             CROSS JOIN LATERAL (
                    SELECT r.target_memory_id AS to_id, r.relationship_type
                      FROM memory_store.memory_relationships r
                     WHERE p_direction IN ('outgoing', 'both') AND r.source_memory_id = f.id
                       AND (p_relationship_types IS NULL OR r.relationship_type = ANY (p_relationship_types))
                    UNION ALL
                    SELECT r.source_memory_id, r.relationship_type
                      FROM memory_store.memory_relationships r
                     WHERE p_direction IN ('incoming', 'both') AND r.target_memory_id = f.id
                       AND (p_relationship_types IS NULL OR r.relationship_type = ANY (p_relationship_types))) AS e
             LIMIT c_max_links - v_read + 1),
        reached AS (
            -- Each memory not seen before, once: from the lowest path, then type.
            SELECT DISTINCT ON (l.to_id) l.to_id, l.path, l.rank, l.relationship_type, l.from_id
              FROM links l
             WHERE NOT EXISTS (SELECT 1 FROM unnest(v_seen) AS s(id) WHERE s.id = l.to_id)
             ORDER BY l.to_id, l.rank, l.relationship_type),
        visible AS (
            SELECT r.* FROM reached r
             WHERE EXISTS (SELECT 1 FROM memory_store.memory_entries m
                            WHERE m.memory_id = r.to_id AND m.is_active
                              AND (m.expires_at IS NULL OR m.expires_at > now())))
        SELECT (SELECT count(*) FROM links),
               array_agg(v.to_id::text ORDER BY v.rank, v.to_id),
               array_agg(v.path || to_jsonb(v.to_id::text) ORDER BY v.rank, v.to_id),
               array_agg(v.relationship_type::text ORDER BY v.rank, v.to_id),
               array_agg(v.from_id::text ORDER BY v.rank, v.to_id)
          INTO v_links, v_ids, v_paths, v_types, v_vias
          FROM visible v;
        v_read := v_read + v_links;
        IF v_read > c_max_links THEN
            RAISE EXCEPTION 'the walk reads more than % links (the limit of one call): lower max_depth or name relationship_types',
                            c_max_links
                USING ERRCODE = 'program_limit_exceeded';
        END IF;
        EXIT WHEN v_ids IS NULL;
        v_found := v_found + cardinality(v_ids);
        IF v_found > c_max_memories THEN
            RAISE EXCEPTION 'the walk reaches more than % memories (the limit of one call): lower max_depth or name relationship_types',
                            c_max_memories
                USING ERRCODE = 'program_limit_exceeded';
        END IF;
        v_seen := v_seen || v_ids;
        RETURN QUERY
        SELECT n.id::varchar(64), v_depth, ARRAY(SELECT jsonb_array_elements_text(n.path)),
               n.relationship_type::varchar(32), n.via::varchar(64)
          FROM unnest(v_ids, v_paths, v_types, v_vias) AS n(id, path, relationship_type, via)
         ORDER BY n.id;
    END LOOP;
END
$fn$;

COMMENT ON FUNCTION memory_store.walk_relationships_impl(p_memory_id text, p_max_depth integer, p_relationship_types text[], p_direction text) IS 'The body of memory.walk_relationships: breadth-first, each visible memory entered and expanded once, at its smallest depth, with the lowest path; at most 20000 links read and 2000 memories returned per call (54000 naming the limit). Errors: 22004, 22023, 54000, MO001.
Example: SELECT * FROM memory_store.walk_relationships_impl(''m-1'', 3, NULL, ''both'');';
