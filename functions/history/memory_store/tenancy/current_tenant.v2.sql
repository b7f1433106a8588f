-- memory_store.current_tenant() RETURNS text
--
-- The user the session acts for: the setting memory.user_id when it is set,
-- not empty (SET then RESET leaves an empty string behind) and allowed by a
-- grant; NULL otherwise, and a NULL tenant matches no row: every policy
-- fails closed. With no memory.user_id it answers at once (the policies ask
-- on every statement).
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory.act_as('u-1'); SELECT memory_store.current_tenant();  -- u-1

CREATE OR REPLACE FUNCTION memory_store.current_tenant()
RETURNS text
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_user text := nullif(current_setting('memory.user_id', true), '');
BEGIN
    IF v_user IS NULL THEN
        RETURN NULL;
    END IF;
    IF memory_store.may_act_for(v_user) THEN
        RETURN v_user;
    END IF;
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION memory_store.current_tenant() IS 'The user whose rows the session may see and write: setting memory.user_id if the session may act for it (memory_store.may_act_for), else NULL (no rows). Used by every tenant_isolation policy.
Example: SELECT memory.act_as(''u-1''); SELECT memory_store.current_tenant();  -- u-1';
