-- Verify memory-orchestrator:relationship_walk_budget on pg
-- The walk is the breadth-first one with its budget.
BEGIN;

DO $$
BEGIN
    IF pg_catalog.strpos(pg_catalog.pg_get_functiondef(
           'memory_store.walk_relationships_impl(text, integer, text[], text)'::pg_catalog.regprocedure),
           'c_max_links') = 0 THEN
        RAISE EXCEPTION 'relationship_walk_budget: the walk has no budget of links';
    END IF;
END
$$;

ROLLBACK;
