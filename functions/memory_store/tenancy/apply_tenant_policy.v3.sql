-- memory_store.apply_tenant_policy(p_table regclass) RETURNS void
--
-- memory_store.apply_tenant_policy(table): row-level security for a
-- user-owned table, the same for every one of them (and for tables added
-- later, e.g. archives: a user_id column, then this).
--   ENABLE + FORCE ROW LEVEL SECURITY: FORCE holds the owner memory_owner
--     too, i.e. every SECURITY DEFINER function of the API.
--   one policy, tenant_isolation, FOR ALL TO PUBLIC, the same expression in
--     USING and WITH CHECK: a row is seen, changed and written only if it
--     belongs to the tenant the session acts for, or the statement sees every
--     row (memory_store.sees_all_rows: a superuser acting for nobody, or
--     memory_maintainer where it has no BYPASSRLS). Both operands are
--     uncorrelated sub-SELECTs, which the planner turns into InitPlans: the
--     functions run once per statement, not once per row, and the per-row
--     work is one comparison. No tenant (NULL) matches no row: fail closed.
-- Row-level security on and any old policy gone first
-- (memory_store.tenant_policy_switch). Runs as the table's owner (deploy
-- scripts SET ROLE memory_owner).
--
-- Errors:
--   22004 missing, 22023 no user_id column.
-- Example:
--   SELECT memory_store.apply_tenant_policy('memory_store.memory_tags');

CREATE OR REPLACE FUNCTION memory_store.apply_tenant_policy(p_table regclass)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_table IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM pg_attribute a
                        WHERE a.attrelid = p_table AND a.attname = 'user_id' AND NOT a.attisdropped) THEN
        RAISE EXCEPTION '% has no user_id column to isolate tenants by', p_table
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM memory_store.tenant_policy_switch(p_table, true);
    EXECUTE format($ddl$
        CREATE POLICY tenant_isolation ON %s AS PERMISSIVE FOR ALL TO PUBLIC
        USING (user_id = (SELECT memory_store.current_tenant()) OR (SELECT memory_store.sees_all_rows()))
        WITH CHECK (user_id = (SELECT memory_store.current_tenant()) OR (SELECT memory_store.sees_all_rows()))$ddl$,
        p_table);
    EXECUTE format($ddl$COMMENT ON POLICY tenant_isolation ON %s IS
        'Tenancy: rows of the user the session acts for (memory_store.current_tenant), or every row for a superuser acting for nobody and for memory_maintainer (memory_store.sees_all_rows)'$ddl$,
        p_table);
END
$fn$;

COMMENT ON FUNCTION memory_store.apply_tenant_policy(p_table regclass) IS 'Enables and forces row-level security on a table with a user_id column and (re)creates its tenant_isolation policy. Deploy-time helper, run as the table''s owner. Errors: 22004 missing, 22023 no user_id column.
Example: SELECT memory_store.apply_tenant_policy(''memory_store.memory_tags'');';
