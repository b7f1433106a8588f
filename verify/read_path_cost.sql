-- Verify memory-orchestrator:read_path_cost on pg
-- The read path's helpers are the new bodies: the inlinable ones carry no
-- SET clause, read_memory_impl pins the generic plan, tags_of is PL/pgSQL.
BEGIN;

DO $$
DECLARE
    v_bad text;
BEGIN
    SELECT string_agg(p.oid::regprocedure::text, ', ') INTO v_bad
      FROM pg_catalog.pg_proc p
     WHERE p.oid IN ('memory_store.sensitive_stub()'::regprocedure,
                     'memory_store.memory_json(memory.memory_record)'::regprocedure,
                     'memory_store.current_agent_id()'::regprocedure,
                     'memory_store.audit(text, text, text, jsonb, boolean, text)'::regprocedure,
                     'memory_store.sanitize_request(jsonb, integer)'::regprocedure,
                     'memory_store.audit_read_commit(boolean)'::regprocedure,
                     'memory_store.reveal(memory.memory_record, boolean)'::regprocedure,
                     'memory_store.check_id(text, text, integer)'::regprocedure,
                     'memory_store.require(text, anyelement)'::regprocedure,
                     'memory_store.sees_all_rows()'::regprocedure)
       AND p.proconfig IS NOT NULL;
    IF v_bad IS NOT NULL THEN
        RAISE EXCEPTION 'read_path_cost: still a SET clause: %', v_bad;
    END IF;
    -- read_one_statement gave it a trailing p_audit_request
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                    WHERE p.oid IN (pg_catalog.to_regprocedure('memory_store.read_memory_impl(text, boolean)'),
                                    pg_catalog.to_regprocedure('memory_store.read_memory_impl(text, boolean, jsonb)'))
                      AND p.proconfig = '{plan_cache_mode=force_generic_plan}') THEN
        RAISE EXCEPTION 'read_path_cost: read_memory_impl does not pin the generic plan';
    END IF;
    IF (SELECT l.lanname FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
         WHERE p.oid = 'memory_store.tags_of(text)'::regprocedure) <> 'plpgsql' THEN
        RAISE EXCEPTION 'read_path_cost: tags_of is not PL/pgSQL';
    END IF;
    IF memory_store.sanitize_request('{"memory_id": "m-1", "include_inactive": false, "api_key": "x"}')
       <> '{"memory_id": "m-1", "include_inactive": false, "api_key": "[REDACTED]"}' THEN
        RAISE EXCEPTION 'read_path_cost: sanitize_request changed a short request';
    END IF;
END
$$;

ROLLBACK;
