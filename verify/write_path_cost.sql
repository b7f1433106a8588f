-- Verify memory-orchestrator:write_path_cost on pg
-- memory_user_id is PL/pgSQL (its statements planned once per session) and
-- reads the registry before the entry.
BEGIN;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                    WHERE p.oid = 'memory_store.memory_user_id(text)'::pg_catalog.regprocedure
                      AND l.lanname = 'plpgsql' AND p.prosrc LIKE '%memory_store.memory_registry%') THEN
        RAISE EXCEPTION 'write_path_cost: memory_store.memory_user_id is not the PL/pgSQL registry-first version';
    END IF;
END
$$;

ROLLBACK;
