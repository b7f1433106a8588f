-- Verify memory-orchestrator:tenant_check_once on pg
-- The sequence is unlogged and nobody but its owner may use it;
-- current_tenant keeps its answer there.
BEGIN;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class c
                    WHERE c.oid = pg_catalog.to_regclass('memory_store.tenant_check')
                      AND c.relkind = 'S' AND c.relpersistence = 'u'
                      AND c.relowner = 'memory_owner'::regrole) THEN
        RAISE EXCEPTION 'tenant_check_once: memory_store.tenant_check is not an unlogged sequence of memory_owner';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a
                WHERE c.oid = 'memory_store.tenant_check'::regclass AND a.grantee <> c.relowner) THEN
        RAISE EXCEPTION 'tenant_check_once: another role holds a privilege on memory_store.tenant_check';
    END IF;
    IF pg_catalog.pg_get_functiondef('memory_store.current_tenant()'::regprocedure)
       NOT LIKE '%memory_store.tenant_check%' THEN
        RAISE EXCEPTION 'tenant_check_once: current_tenant does not keep its answer';
    END IF;
END
$$;

ROLLBACK;
