-- memory_store.tenant_policy_switch(p_table regclass, p_on boolean)
--     RETURNS void
--
-- Row-level security of a user-owned table on (ENABLE + FORCE) or off (NO
-- FORCE + DISABLE), its tenant_isolation policy dropped either way: what
-- memory_store.apply_tenant_policy does before it creates the policy, and
-- all that memory_store.remove_tenant_policy does. Deploy-time helper, run
-- as the table's owner.
--
-- Errors:
--   22004 missing table or switch.
-- Example:
--   PERFORM memory_store.tenant_policy_switch('memory_store.memory_tags', false);

CREATE OR REPLACE FUNCTION memory_store.tenant_policy_switch(p_table regclass, p_on boolean)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_table IS NULL OR p_on IS NULL THEN
        RAISE EXCEPTION 'table and switch are required' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', p_table);
    EXECUTE format('ALTER TABLE %s %s ROW LEVEL SECURITY', p_table, CASE WHEN p_on THEN 'ENABLE' ELSE 'NO FORCE' END);
    EXECUTE format('ALTER TABLE %s %s ROW LEVEL SECURITY', p_table, CASE WHEN p_on THEN 'FORCE' ELSE 'DISABLE' END);
END
$fn$;

COMMENT ON FUNCTION memory_store.tenant_policy_switch(p_table regclass, p_on boolean) IS 'Turns row-level security of a table on (ENABLE, FORCE) or off (NO FORCE, DISABLE) and drops its tenant_isolation policy. Deploy-time helper of apply_tenant_policy and remove_tenant_policy. Errors: 22004 missing.
Example: PERFORM memory_store.tenant_policy_switch(''memory_store.memory_tags'', false);';
