-- memory_store.sees_all_rows() RETURNS boolean
--
-- What the tenant_isolation policies admit besides the rows of the user the
-- session acts for: every row, for
-- - a superuser session that acts for nobody (what
--   memory_store.sees_all_tenants answers, asked here directly);
-- - memory_maintainer, the owner of the maintenance, import and ownership
--   functions. Where a superuser deployed it has BYPASSRLS and the policies
--   never ask; where none could give it (managed PostgreSQL), this is what
--   lets those functions see every tenant. Only its own SECURITY DEFINER
--   functions run as it: nobody logs in as it, and only a superuser or, on a
--   managed server, the deploying role may SET ROLE to it.
-- SECURITY INVOKER, so that current_user is the role the statement runs as;
-- no SET clause (a GUC save and restore on every statement of every
-- policy): it names only built-ins and a qualified catalog view. One body,
-- not a call of sees_all_tenants (SECURITY DEFINER, SET clause) and of
-- session_is_superuser under it: every statement on a tenant table asks
-- this once, a write asks it five times. pg_roles is readable by every role.
-- The policies call it; functions that ask whether their caller sees every
-- tenant call sees_all_tenants(), which is about the session, not the role.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.sees_all_rows();

CREATE OR REPLACE FUNCTION memory_store.sees_all_rows()
RETURNS boolean
LANGUAGE plpgsql
STABLE
SECURITY INVOKER
AS $fn$
BEGIN
    RETURN current_user = 'memory_maintainer'
        OR (nullif(current_setting('memory.user_id', true), '') IS NULL
            AND EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = session_user AND r.rolsuper));
END
$fn$;

COMMENT ON FUNCTION memory_store.sees_all_rows() IS 'Whether the tenant_isolation policies admit every row: for memory_maintainer (which lacks BYPASSRLS where no superuser deployed) and for a superuser acting for nobody.
Example: SELECT memory_store.sees_all_rows();';
