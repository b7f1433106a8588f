-- memory.act_as(user): the session acts for this user from now on (until
-- RESET memory.user_id, another act_as, or the end of the session; a
-- rolled-back transaction undoes it). Only for a user the session may act
-- for (memory_store.may_act_for: a grant to an agent role of the login
-- role, memory_store.grant_agent_user); otherwise 42501 and nothing changes.
-- Setting memory.user_id directly is equivalent when the grant exists and
-- shows nothing when it does not (the policies check the grant every
-- statement); act_as says so at once. One audit row (operation act_as).
CREATE FUNCTION memory.act_as(p_user_id text)
RETURNS text
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_request jsonb := jsonb_build_object('user_id', p_user_id);
BEGIN
    PERFORM memory_store.check_id('user_id', memory_store.require('user_id', p_user_id));
    IF NOT memory_store.may_act_for(p_user_id) THEN
        RAISE EXCEPTION 'role % may not act for user %', quote_ident(session_user), quote_literal(p_user_id)
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'a DBA grants it: SELECT memory_store.grant_agent_user(<agent role>, <user id>)';
    END IF;
    PERFORM set_config('memory.user_id', p_user_id, false);
    PERFORM memory_store.audit('act_as', NULL, NULL, v_request, true);
    RETURN p_user_id;
EXCEPTION WHEN OTHERS THEN
    PERFORM memory_store.audit_autonomous('act_as', NULL, NULL, v_request, false, SQLSTATE || ': ' || SQLERRM);
    RAISE;
END
$fn$;

COMMENT ON FUNCTION memory.act_as(text) IS
$$Makes the session act for the user (sets memory.user_id) when its login role may (a DBA's grant, memory_store.grant_agent_user): every call then sees and writes only that user's rows. RESET memory.user_id stops it. Errors: 22004 missing, 22023 bad id, 42501 no grant.
Example: SELECT memory.act_as('u-1');$$;
