-- Verify memory-orchestrator:managed_server on pg
-- Every tenant_isolation policy admits what sees_all_rows admits, and that
-- is memory_maintainer besides a superuser acting for nobody.
BEGIN;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                    WHERE p.oid = 'memory_store.sees_all_rows()'::pg_catalog.regprocedure
                      AND NOT p.prosecdef AND p.prosrc LIKE '%current_user = ''memory_maintainer''%') THEN
        RAISE EXCEPTION 'managed_server: memory_store.sees_all_rows does not admit memory_maintainer';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_policy p
                WHERE p.polname = 'tenant_isolation'
                  AND (pg_catalog.pg_get_expr(p.polqual, p.polrelid) NOT LIKE '%sees_all_rows()%'
                       OR pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) NOT LIKE '%sees_all_rows()%')) THEN
        RAISE EXCEPTION 'managed_server: a tenant_isolation policy does not admit memory_maintainer';
    END IF;
    IF (SELECT count(*) FROM pg_catalog.pg_policy p WHERE p.polname = 'tenant_isolation') < 9 THEN
        RAISE EXCEPTION 'managed_server: tenant_isolation policies are missing';
    END IF;
END
$$;

ROLLBACK;
