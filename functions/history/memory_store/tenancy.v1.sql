-- Tenancy: which user the calling session acts for. Row-level security
-- policies (change tenancy_policies) compare each row's user_id with
-- memory_store.current_tenant() and let everything through only when
-- memory_store.sees_all_tenants().
--
-- The tenant is the setting memory.user_id. Any client can SET it, so the
-- setting alone is not trusted: it counts only when the session's login role
-- (session_user) may act for that user - it is a member of an agent role
-- that memory_store.agent_user_grants grants the user to - or is a superuser
-- (superusers bypass row-level security on the tables anyway). session_user,
-- not current_user: these functions run inside SECURITY DEFINER functions,
-- where current_user is the package owner.
-- PL/pgSQL rather than SQL: the policies call these once per statement and
-- table, and PL/pgSQL keeps its plans for the session, where a SQL function
-- that cannot be inlined (SECURITY DEFINER) is planned at every call
-- (bench/tenancy_overhead.py measured the difference).

-- May the session act for p_user_id? Superusers may act for anyone; other
-- sessions when their login role is a member of a role granted the user.
-- A grant whose role was dropped counts for nobody.
CREATE FUNCTION memory_store.may_act_for(p_user_id text)
RETURNS boolean
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN p_user_id IS NOT NULL
           AND (EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = session_user AND r.rolsuper)
                OR EXISTS (SELECT 1
                             FROM memory_store.agent_user_grants g
                             JOIN pg_catalog.pg_roles r ON r.rolname = g.agent_role
                            WHERE g.user_id = p_user_id
                              AND pg_catalog.pg_has_role(session_user, r.oid, 'MEMBER')));
END
$fn$;

COMMENT ON FUNCTION memory_store.may_act_for(text) IS
$$True when the session (session_user) may act for the user: a superuser, or a member of an agent role granted the user in memory_store.agent_user_grants.
Example: SELECT memory_store.may_act_for('u-1');$$;

-- The user the session acts for: the setting memory.user_id when it is set,
-- not empty (SET then RESET leaves an empty string behind) and allowed by a
-- grant; NULL otherwise, and a NULL tenant matches no row: every policy
-- fails closed.
CREATE FUNCTION memory_store.current_tenant()
RETURNS text
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_user text := nullif(current_setting('memory.user_id', true), '');
BEGIN
    IF memory_store.may_act_for(v_user) THEN
        RETURN v_user;
    END IF;
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION memory_store.current_tenant() IS
$$The user whose rows the session may see and write: setting memory.user_id if the session may act for it (memory_store.may_act_for), else NULL (no rows). Used by every tenant_isolation policy.
Example: SELECT memory.act_as('u-1'); SELECT memory_store.current_tenant();  -- u-1$$;

-- A superuser session that acts for nobody sees every tenant, as
-- PostgreSQL itself lets superusers bypass row-level security: maintenance
-- by hand and pg_cron jobs run as superusers keep working. Agents must never
-- be superusers.
CREATE FUNCTION memory_store.sees_all_tenants()
RETURNS boolean
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN nullif(current_setting('memory.user_id', true), '') IS NULL
           AND EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = session_user AND r.rolsuper);
END
$fn$;

COMMENT ON FUNCTION memory_store.sees_all_tenants() IS
$$True only for a superuser session with no memory.user_id set: it sees the rows of every user through the API, as a superuser does on the tables.
Example: SELECT memory_store.sees_all_tenants();$$;
