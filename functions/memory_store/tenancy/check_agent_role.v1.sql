-- memory_store.check_agent_role(p_agent_role text) RETURNS name
--
-- The role a grant names: it must exist (22023), be an agent - a member of
-- memory_agent (22023) - and not a superuser (22023: superusers act for
-- every user without a grant, and an agent must never be one).
--
-- Errors:
--   22023 role % does not exist
--   through the functions it calls: 39004
-- Example:
--   SELECT memory_store.check_agent_role('voice_assistant');

CREATE OR REPLACE FUNCTION memory_store.check_agent_role(p_agent_role text)
RETURNS name
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_role pg_catalog.pg_roles;
BEGIN
    PERFORM memory_store.require('agent_role', p_agent_role);
    SELECT r.* INTO v_role FROM pg_catalog.pg_roles r WHERE r.rolname = p_agent_role;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'role % does not exist', quote_ident(left(p_agent_role, 64))
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_role.rolsuper THEN
        RAISE EXCEPTION 'role % is a superuser: superusers act for every user without a grant, and an agent must not be one',
                        quote_ident(p_agent_role)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT pg_has_role(v_role.oid, 'memory_agent', 'MEMBER') THEN
        RAISE EXCEPTION 'role % is not an agent (a member of memory_agent)', quote_ident(p_agent_role)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = format('GRANT memory_agent TO %I;', p_agent_role);
    END IF;
    RETURN v_role.rolname;
END
$fn$;

COMMENT ON FUNCTION memory_store.check_agent_role(p_agent_role text) IS 'The role named by a grant, validated: it exists, is a member of memory_agent, and is not a superuser (22004 missing, 22023 otherwise).
Example: SELECT memory_store.check_agent_role(''voice_assistant'');';
