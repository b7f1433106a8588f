-- Verify memory-orchestrator:managed_server on pg
-- memory_maintainer sees every tenant, whether through BYPASSRLS or through
-- the policy; an ordinary role does not.
BEGIN;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                    WHERE p.oid = 'memory_store.sees_all_tenants()'::pg_catalog.regprocedure
                      AND NOT p.prosecdef AND p.prosrc LIKE '%current_user = ''memory_maintainer''%') THEN
        RAISE EXCEPTION 'managed_server: sees_all_tenants does not admit memory_maintainer (v2)';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = 'memory_maintainer' AND r.rolbypassrls)
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polname = 'tenant_isolation'
                          AND pg_catalog.pg_get_expr(p.polqual, p.polrelid) LIKE '%sees_all_tenants()%') THEN
        RAISE EXCEPTION 'managed_server: memory_maintainer has no BYPASSRLS and no policy admits it';
    END IF;
END
$$;

ROLLBACK;
