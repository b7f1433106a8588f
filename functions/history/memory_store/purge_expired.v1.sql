-- TTL expiry: purge_expired (job entry point) and its batch function.

-- The batch size of a purge: the argument, else the setting purge_batch_size.
CREATE FUNCTION memory_store.purge_batch_size(p_batch_size integer DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_batch_size IS NULL THEN
        RETURN memory_store.lifecycle_int('purge_batch_size');
    END IF;
    IF p_batch_size NOT BETWEEN 1 AND 100000 THEN
        RAISE EXCEPTION 'batch size must be between 1 and 100000, got %', p_batch_size
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN p_batch_size;
END
$fn$;

COMMENT ON FUNCTION memory_store.purge_batch_size(integer) IS
$$The batch size a purge job uses: p_batch_size when given (1..100000), else the setting purge_batch_size. Errors: 22023 out of range.
Example: SELECT memory_store.purge_batch_size(NULL);$$;

-- One batch: up to p_batch_size expired memories, then expired agent states
-- with what is left of the batch. Rows locked by a writer are skipped (the
-- next batch or run takes them), so a purge never waits for an agent.
CREATE FUNCTION memory_store.purge_expired_batch(p_batch_size integer)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_batch    integer := memory_store.purge_batch_size(memory_store.require('batch_size', p_batch_size));
    v_memories bigint;
    v_states   bigint := 0::bigint;
BEGIN
    WITH doomed AS (
        SELECT e.memory_id, e.created_at
          FROM memory_store.memory_entries e
         WHERE e.expires_at < now()
         LIMIT v_batch
           FOR UPDATE SKIP LOCKED)
    DELETE FROM memory_store.memory_entries e
     USING doomed d
     WHERE e.memory_id = d.memory_id AND e.created_at = d.created_at;
    GET DIAGNOSTICS v_memories = ROW_COUNT;

    IF v_memories < v_batch THEN
        WITH doomed AS (
            SELECT s.state_id
              FROM memory_store.agent_states s
             WHERE s.expires_at < now()
             LIMIT v_batch - v_memories
               FOR UPDATE SKIP LOCKED)
        DELETE FROM memory_store.agent_states s
         USING doomed d
         WHERE s.state_id = d.state_id;
        GET DIAGNOSTICS v_states = ROW_COUNT;
    END IF;
    RETURN v_memories + v_states;
END
$fn$;

COMMENT ON FUNCTION memory_store.purge_expired_batch(integer) IS
$$One batch of TTL expiry: deletes up to p_batch_size expired memories (expires_at < now(); tags, embeddings and relationships cascade), then expired agent states with the rest of the batch; skips rows a writer holds. Returns rows deleted. Errors: 22004, 22023 batch size outside 1..100000.
Example: SELECT memory_store.purge_expired_batch(5000);$$;

-- Job entry point. Invoker, no SET clause: a procedure with either cannot
-- COMMIT (see deploy/lifecycle_jobs.sql); every call below is qualified.
CREATE PROCEDURE memory_store.purge_expired(p_batch_size integer DEFAULT NULL)
LANGUAGE plpgsql
AS $pr$
DECLARE
    v_batch   integer := memory_store.purge_batch_size(p_batch_size);
    v_budget  integer := memory_store.lifecycle_int('purge_max_batches');
    v_run     bigint;
    v_total   bigint := 0::bigint;
    v_rows    bigint;
    v_batches integer := 0;
    v_state   text;
    v_message text;
BEGIN
    -- Fails with 2D000 inside a transaction block, before the lock is taken
    -- (a session lock taken in a transaction that rolls back stays held).
    COMMIT;
    v_run := memory_store.job_begin('purge_expired');
    IF v_run IS NULL THEN
        RETURN;
    END IF;
    COMMIT;
    LOOP
        BEGIN
            v_rows := memory_store.purge_expired_batch(v_batch);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
            EXIT;
        END;
        COMMIT;
        v_total := v_total + v_rows;
        v_batches := v_batches + 1;
        EXIT WHEN v_rows < v_batch OR v_batches >= v_budget;
    END LOOP;
    PERFORM memory_store.job_end(v_run, v_total,
                                 format('deleted %s expired rows in %s batches of %s', v_total, v_batches, v_batch),
                                 v_state, v_message);
    COMMIT;
    IF v_state IS NOT NULL THEN
        RAISE EXCEPTION '%', v_message USING ERRCODE = v_state;
    END IF;
END
$pr$;

COMMENT ON PROCEDURE memory_store.purge_expired(integer) IS
$$Lifecycle job: deletes expired memories (with their tags, embeddings, relationships) and expired agent states in batches (p_batch_size, else the setting purge_batch_size), COMMIT after each, at most purge_max_batches per run. Never overlaps itself; logs its run in memory_store.job_runs. Call outside a transaction block. Errors: 22023 batch size outside 1..100000.
Example: CALL memory_store.purge_expired();  CALL memory_store.purge_expired(p_batch_size => 10000);$$;
