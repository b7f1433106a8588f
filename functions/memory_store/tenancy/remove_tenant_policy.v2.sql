-- memory_store.remove_tenant_policy(p_table regclass) RETURNS void
--
-- The reverse of memory_store.apply_tenant_policy: the policy goes, row-level
-- security is off again (memory_store.tenant_policy_switch).
--
-- Errors:
--   22004 missing.
-- Example:
--   SELECT memory_store.remove_tenant_policy('memory_store.memory_tags');

CREATE OR REPLACE FUNCTION memory_store.remove_tenant_policy(p_table regclass)
RETURNS void
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT memory_store.tenant_policy_switch(p_table, false)
$fn$;

COMMENT ON FUNCTION memory_store.remove_tenant_policy(p_table regclass) IS 'Drops the tenant_isolation policy of a table and turns row-level security off (revert of apply_tenant_policy). Errors: 22004 missing.
Example: SELECT memory_store.remove_tenant_policy(''memory_store.memory_tags'');';
