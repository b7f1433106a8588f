-- memory_store.may_act_for(p_user_id text) RETURNS boolean
--
-- May the session act for p_user_id? Superusers may act for anyone; other
-- sessions when their login role is a member of a role granted the user.
-- A grant is bound to its role's OID: once the role is dropped it counts
-- for nobody, not even for a new role created under the same name.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.may_act_for('u-1');

CREATE OR REPLACE FUNCTION memory_store.may_act_for(p_user_id text)
RETURNS boolean
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN p_user_id IS NOT NULL
           AND (memory_store.session_is_superuser()
                OR EXISTS (SELECT 1
                             FROM memory_store.agent_user_grants g
                             -- By identity: a grant dies with its role, and a
                             -- new role of the same name inherits nothing.
                             JOIN pg_catalog.pg_roles r ON r.oid = g.agent_role_oid
                            WHERE g.user_id = p_user_id
                              AND pg_catalog.pg_has_role(session_user, r.oid, 'MEMBER')));
END
$fn$;

COMMENT ON FUNCTION memory_store.may_act_for(p_user_id text) IS 'True when the session (session_user) may act for the user: a superuser, or a member of an agent role granted the user in memory_store.agent_user_grants (matched by the role''s OID, so a dropped role''s grant serves no namesake).
Example: SELECT memory_store.may_act_for(''u-1'');';
