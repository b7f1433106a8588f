-- memory_store.remove_tenant_policy(p_table regclass) RETURNS void
--
-- The reverse: the policy goes, row-level security is off again.
--
-- Errors:
--   22004 missing.
-- Example:
--   SELECT memory_store.remove_tenant_policy('memory_store.memory_tags');

CREATE OR REPLACE FUNCTION memory_store.remove_tenant_policy(p_table regclass)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_table IS NULL THEN
        RAISE EXCEPTION 'table is required' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', p_table);
    EXECUTE format('ALTER TABLE %s NO FORCE ROW LEVEL SECURITY', p_table);
    EXECUTE format('ALTER TABLE %s DISABLE ROW LEVEL SECURITY', p_table);
END
$fn$;

COMMENT ON FUNCTION memory_store.remove_tenant_policy(p_table regclass) IS 'Drops the tenant_isolation policy of a table and turns row-level security off (revert of apply_tenant_policy). Errors: 22004 missing.
Example: SELECT memory_store.remove_tenant_policy(''memory_store.memory_tags'');';
