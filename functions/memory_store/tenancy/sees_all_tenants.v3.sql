-- memory_store.sees_all_tenants() RETURNS boolean
--
-- A superuser session that acts for nobody sees every tenant, as
-- PostgreSQL itself lets superusers bypass row-level security: maintenance
-- by hand and pg_cron jobs run as superusers keep working. Agents must never
-- be superusers.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.sees_all_tenants();

CREATE OR REPLACE FUNCTION memory_store.sees_all_tenants()
RETURNS boolean
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    -- Acting for a user: no statement to run.
    IF nullif(current_setting('memory.user_id', true), '') IS NOT NULL THEN
        RETURN false;
    END IF;
    RETURN memory_store.session_is_superuser();
END
$fn$;

COMMENT ON FUNCTION memory_store.sees_all_tenants() IS 'True only for a superuser session with no memory.user_id set: it sees the rows of every user through the API, as a superuser does on the tables.
Example: SELECT memory_store.sees_all_tenants();';
