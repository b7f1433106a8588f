-- memory_store.session_is_superuser() RETURNS boolean
--
-- Is the session's login role (session_user, not the role a SET ROLE or a
-- SECURITY DEFINER function runs as) a superuser? The one place for the
-- question memory_store.may_act_for (a superuser may act for anyone) and
-- memory_store.sees_all_tenants (a superuser acting for nobody sees every
-- tenant) both ask. No SET clause: it names only the catalog, qualified,
-- and runs under the pinned search_path of those SECURITY DEFINER callers.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.session_is_superuser();

CREATE OR REPLACE FUNCTION memory_store.session_is_superuser()
RETURNS boolean
LANGUAGE plpgsql
STABLE
AS $fn$
BEGIN
    RETURN EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = session_user AND r.rolsuper);
END
$fn$;

COMMENT ON FUNCTION memory_store.session_is_superuser() IS 'True when the session''s login role (session_user) is a superuser, whatever role the statement runs as.
Example: SELECT memory_store.session_is_superuser();';
