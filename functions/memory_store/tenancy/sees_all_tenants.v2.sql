-- memory_store.sees_all_tenants() RETURNS boolean
--
-- Whether the running statement sees every tenant past the tenant_isolation
-- policies:
-- - a superuser session that acts for nobody, as PostgreSQL itself lets
--   superusers bypass row-level security (maintenance by hand, pg_cron jobs
--   run as a superuser); agents must never be superusers;
-- - memory_maintainer, the owner of the maintenance, import and ownership
--   functions. It has BYPASSRLS where a superuser deployed, and the policies
--   never ask; where no superuser could give it BYPASSRLS (managed
--   PostgreSQL), this is what lets it see every tenant. Only its own
--   SECURITY DEFINER functions run as it: nobody logs in as it, and only a
--   superuser or, on a managed server, the deploying role may SET ROLE to it.
-- SECURITY INVOKER, so that current_user is the role the statement runs as.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.sees_all_tenants();

CREATE OR REPLACE FUNCTION memory_store.sees_all_tenants()
RETURNS boolean
LANGUAGE plpgsql
STABLE
SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN current_user = 'memory_maintainer'
           OR (nullif(current_setting('memory.user_id', true), '') IS NULL
               AND EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = session_user AND r.rolsuper));
END
$fn$;

COMMENT ON FUNCTION memory_store.sees_all_tenants() IS 'Whether the statement sees every tenant: a superuser acting for nobody, or memory_maintainer (which lacks BYPASSRLS where no superuser deployed).
Example: SELECT memory_store.sees_all_tenants();';
