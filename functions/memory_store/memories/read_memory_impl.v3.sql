-- memory_store.read_memory_impl(p_memory_id text, p_include_inactive
--     boolean DEFAULT false, p_audit_request jsonb DEFAULT NULL::jsonb)
--     RETURNS memory.memory_record
--
-- The visible memory with this id as memory.memory_record, or MO001.
-- Two statements, each planned once per session: the registry gives the
-- row's created_at, and the read of memory_entries with that value as a
-- parameter initialises only the one monthly partition that holds it (a
-- join would open every partition on each call). The tags are read in the
-- same statement, and so is the call's audit row when p_audit_request is
-- given (memory.read_memory): one memory_access_logs row with the ids of
-- the row just read, written by the statement that reads it (columns as
-- memory_store.audit fills them, memory_store.audit_context). Not found
-- writes no row; the caller audits the failure. p_audit_request is
-- recorded as given: the caller passes only its typed, validated
-- arguments (nothing to sanitize). plan_cache_mode is pinned to the
-- generic plan, which the cost model would otherwise trade for a plan per
-- call; no search_path in the SET clause: every name is qualified and the
-- caller's pinned search_path applies.
--
-- Errors:
--   MO001 memory % not found
--   through the functions it calls: 22004, 22023
-- Example:
--   memory_store.read_memory_impl(p_memory_id, p_include_inactive, v_request)
--   (as memory.read_memory calls it)

CREATE OR REPLACE FUNCTION memory_store.read_memory_impl(p_memory_id text, p_include_inactive boolean DEFAULT false,
                                                         p_audit_request jsonb DEFAULT NULL)
RETURNS memory.memory_record
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $fn$
DECLARE
    v_created timestamptz;
    v_result  memory.memory_record;
BEGIN
    PERFORM memory_store.check_id('memory_id', memory_store.require('memory_id', p_memory_id));
    SELECT r.created_at INTO v_created FROM memory_store.memory_registry r WHERE r.memory_id = p_memory_id;
    WITH e AS (
        SELECT e.memory_id, e.session_id, e.memory_type, e.content, e.text_content, e.source_agent, e.created_at,
               e.updated_at, e.expires_at, e.priority, e.is_active,
               ARRAY(SELECT t.tag::text FROM memory_store.memory_tags t WHERE t.memory_id = e.memory_id ORDER BY t.tag)
          FROM memory_store.memory_entries e
         WHERE e.memory_id = p_memory_id
           AND e.created_at = v_created
           AND (coalesce(p_include_inactive, false)
                OR (e.is_active AND (e.expires_at IS NULL OR e.expires_at > now())))
    ), audited AS (
        INSERT INTO memory_store.memory_access_logs
            (memory_id, session_id, agent_id, operation, request_data, success, ip_address, login_role, user_id)
        SELECT e.memory_id, e.session_id, c.agent_id, 'read', p_audit_request, true, c.ip_address, c.login_role,
               c.user_id
          FROM e, memory_store.audit_context() c
         WHERE p_audit_request IS NOT NULL
    )
    SELECT e.* INTO v_result FROM e;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'memory % not found', quote_literal(p_memory_id) USING ERRCODE = 'MO001';
    END IF;
    RETURN v_result;
END
$fn$;
