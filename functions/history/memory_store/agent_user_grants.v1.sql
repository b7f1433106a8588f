-- Which agent roles may act for which users: the DBA's side of tenancy.
-- memory_store.agent_user_grants holds one row per (agent role, user);
-- memory_store.may_act_for reads it. These three functions are the only way
-- to change or list it (EXECUTE for memory_dba).

-- The role a grant names: it must exist (22023), be an agent - a member of
-- memory_agent (22023) - and not a superuser (22023: superusers act for
-- every user without a grant, and an agent must never be one).
CREATE FUNCTION memory_store.check_agent_role(p_agent_role text)
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

COMMENT ON FUNCTION memory_store.check_agent_role(text) IS
$$The role named by a grant, validated: it exists, is a member of memory_agent, and is not a superuser (22004 missing, 22023 otherwise).
Example: SELECT memory_store.check_agent_role('voice_assistant');$$;

-- Lets an agent role act for a user (idempotent: the first grant's time and
-- grantor stay). Returns the grant.
CREATE FUNCTION memory_store.grant_agent_user(p_agent_role text, p_user_id text)
RETURNS TABLE (agent_role name, user_id varchar(64), granted_at timestamptz, granted_by name)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_user text := memory_store.check_id('user_id', memory_store.require('user_id', p_user_id));
    v_role name := memory_store.check_agent_role(p_agent_role);
BEGIN
    INSERT INTO memory_store.agent_user_grants AS g (agent_role, user_id)
    VALUES (v_role, v_user)
    ON CONFLICT ON CONSTRAINT agent_user_grants_pkey DO NOTHING;
    RETURN QUERY
    SELECT g.agent_role, g.user_id, g.granted_at, g.granted_by
      FROM memory_store.agent_user_grants g
     WHERE g.agent_role = v_role AND g.user_id = v_user;
END
$fn$;

COMMENT ON FUNCTION memory_store.grant_agent_user(text, text) IS
$$Lets the agent role act for the user (memory.act_as, envelope user_id); idempotent. Errors: 22004 missing, 22023 unknown role, not a member of memory_agent, a superuser, or a bad user id.
Example: SELECT * FROM memory_store.grant_agent_user('voice_assistant', 'u-1');$$;

-- Withdraws a grant; true when there was one. The role need not exist any
-- more (a dropped role's grants can be cleaned up).
CREATE FUNCTION memory_store.revoke_agent_user(p_agent_role text, p_user_id text)
RETURNS boolean
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_removed integer;
BEGIN
    PERFORM memory_store.require('agent_role', p_agent_role);
    PERFORM memory_store.check_id('user_id', memory_store.require('user_id', p_user_id));
    DELETE FROM memory_store.agent_user_grants g WHERE g.agent_role = p_agent_role AND g.user_id = p_user_id;
    GET DIAGNOSTICS v_removed = ROW_COUNT;
    RETURN v_removed > 0;
END
$fn$;

COMMENT ON FUNCTION memory_store.revoke_agent_user(text, text) IS
$$Withdraws the agent role's grant for the user; returns whether there was one. Sessions acting for the user lose its rows at their next statement. Errors: 22004 missing, 22023 bad user id.
Example: SELECT memory_store.revoke_agent_user('voice_assistant', 'u-1');$$;

-- The grants, optionally of one role and/or one user, with whether the
-- role still exists.
CREATE FUNCTION memory_store.list_agent_user_grants(p_agent_role text DEFAULT NULL, p_user_id text DEFAULT NULL)
RETURNS TABLE (agent_role name, user_id varchar(64), granted_at timestamptz, granted_by name, role_exists boolean)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT g.agent_role, g.user_id, g.granted_at, g.granted_by,
           EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = g.agent_role)
      FROM memory_store.agent_user_grants g
     WHERE (p_agent_role IS NULL OR g.agent_role = p_agent_role)
       AND (p_user_id IS NULL OR g.user_id = p_user_id)
     ORDER BY g.agent_role, g.user_id
$fn$;

COMMENT ON FUNCTION memory_store.list_agent_user_grants(text, text) IS
$$The agent-user grants, optionally of one agent role and/or one user; role_exists is false for a role dropped since.
Example: SELECT * FROM memory_store.list_agent_user_grants(p_user_id => 'u-1');$$;
