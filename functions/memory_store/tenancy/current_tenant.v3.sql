-- memory_store.current_tenant() RETURNS text
--
-- The user the session acts for: the setting memory.user_id when it is set,
-- not empty (SET then RESET leaves an empty string behind) and allowed by a
-- grant (memory_store.may_act_for); NULL otherwise, and a NULL tenant
-- matches no row: every policy fails closed. With no memory.user_id it
-- answers at once (the policies ask on every statement).
-- The grant is looked up once per top-level statement: every policy of
-- every table a call touches asks, and the answer cannot change within the
-- statement that asks (a revoke is seen by the next statement).
-- The answer is kept where the session cannot write it: the session's
-- value of the unlogged sequence memory_store.tenant_check (setval needs
-- a privilege only memory_owner holds) holds 64 bits of the SHA-256 of
-- (statement_timestamp(), session_user, the user); it counts only while
-- all three are the same, so a new statement, another login (SET SESSION
-- AUTHORIZATION) or another memory.user_id asks again. SET ROLE changes
-- nothing here (the grant is the login's). The setting memory.tenant_check
-- names the key the session's value was set for, so that the sequence is
-- read only in the statement that set it: set by hand to anything else it
-- makes the call ask again; set by hand to this statement's key in a
-- session whose value was never set (or after DISCARD SEQUENCES) the call
-- fails (55000), never passes. A read-only transaction (a standby too)
-- cannot set a sequence: it asks on every call.
--
-- Errors:
--   none of its own (55000 when memory.tenant_check was set by hand to the
--   statement's key in a session with no value of the sequence)
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
    v_key  bigint;
BEGIN
    IF v_user IS NULL THEN
        RETURN NULL;
    END IF;
    v_key := ('x' || encode(substr(sha256(convert_to(
                 concat_ws(chr(31), statement_timestamp(), session_user, v_user), 'UTF8')), 1, 8), 'hex'))::bit(64)::bigint;
    -- the setting names the statement whose answer the sequence keeps, so
    -- currval is asked only when that value was set in this statement (after
    -- DISCARD SEQUENCES the next statement has another key and asks again)
    IF current_setting('memory.tenant_check', true) = v_key::text THEN
        IF currval('memory_store.tenant_check') = v_key THEN
            RETURN v_user;
        END IF;
    END IF;
    IF NOT memory_store.may_act_for(v_user) THEN
        RETURN NULL;
    END IF;
    IF current_setting('transaction_read_only') = 'off' THEN
        PERFORM setval('memory_store.tenant_check', v_key);
        PERFORM set_config('memory.tenant_check', v_key::text, false);
    END IF;
    RETURN v_user;
END
$fn$;

COMMENT ON FUNCTION memory_store.current_tenant() IS 'The user whose rows the session may see and write: setting memory.user_id if the session may act for it (memory_store.may_act_for, asked once per top-level statement), else NULL (no rows). Used by every tenant_isolation policy.
Example: SELECT memory.act_as(''u-1''); SELECT memory_store.current_tenant();  -- u-1';
