-- memory_store.save_agent_state_impl(p_agent_id text, p_state_data jsonb,
--     p_session_id text, p_ttl_seconds integer) RETURNS memory.agent_state
--
-- Saves (creates or replaces) the state of an agent in a session, or its
-- global state. Last writer wins: state_data and expires_at (from
-- p_ttl_seconds; NULL = never expires) are replaced as a whole,
-- updated_at moves. One statement, INSERT ... ON CONFLICT ON CONSTRAINT
-- unique_agent_session DO UPDATE, which PostgreSQL 15 arbitrates on the
-- NULLS NOT DISTINCT index like any unique index: concurrent savers of the
-- same (agent, session), session NULL included, leave one row and no error.
--
-- Errors:
--   22023 state_data must be a JSON object, got %
--   54000 state_data is % bytes, the limit is %
--   through the functions it calls: 39004, MO002
-- Example:
--   memory_store.save_agent_state_impl(p_agent_id, p_state_data,
--       p_session_id, p_ttl_seconds)
--   (as memory.save_agent_state calls it)

CREATE OR REPLACE FUNCTION memory_store.save_agent_state_impl(p_agent_id text, p_state_data jsonb,
                                                   p_session_id text, p_ttl_seconds integer)
RETURNS memory.agent_state
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_bytes integer;
    v_expires_at timestamptz;
    v_row memory.agent_state;
BEGIN
    PERFORM memory_store.check_id('agent_id', memory_store.require('agent_id', p_agent_id));
    PERFORM memory_store.require('state_data', p_state_data);
    IF jsonb_typeof(p_state_data) <> 'object' THEN
        RAISE EXCEPTION 'state_data must be a JSON object, got %', jsonb_typeof(p_state_data)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_bytes := octet_length(p_state_data::text);
    IF v_bytes > (SELECT max_content_bytes FROM memory_store.limits()) THEN
        RAISE EXCEPTION 'state_data is % bytes, the limit is %', v_bytes, (SELECT max_content_bytes FROM memory_store.limits())
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    v_expires_at := CASE WHEN p_ttl_seconds IS NOT NULL THEN memory_store.expiry(p_ttl_seconds, NULL) END;
    PERFORM memory_store.agent_state_session(p_session_id);

    INSERT INTO memory_store.agent_states AS a (agent_id, session_id, state_data, expires_at)
    VALUES (p_agent_id, p_session_id, p_state_data, v_expires_at)
    ON CONFLICT ON CONSTRAINT unique_agent_session DO UPDATE
       SET state_data = EXCLUDED.state_data,
           expires_at = EXCLUDED.expires_at,
           -- an expired state is gone for readers: replacing it starts a new one
           created_at = CASE WHEN a.expires_at <= now() THEN now() ELSE a.created_at END,
           updated_at = greatest(now(), a.updated_at)
    RETURNING a.state_id, a.agent_id, a.session_id, a.state_data, a.created_at, a.updated_at, a.expires_at
    INTO v_row;
    RETURN v_row;
END
$fn$;
