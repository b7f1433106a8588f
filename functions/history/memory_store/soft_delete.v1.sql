-- Soft delete, then purge: restore within the grace period, purge after it.

-- Restores a soft-deleted memory (is_active = false) whose deletion
-- (updated_at) is within the setting soft_delete_grace. Restoring an active
-- memory changes nothing (idempotent retries). An expired memory is restored
-- too but stays invisible until its expiry is changed.
CREATE FUNCTION memory_store.restore_memory_impl(p_memory_id text)
RETURNS memory.memory_record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_grace      interval := memory_store.lifecycle_interval('soft_delete_grace');
    v_created_at timestamptz;
    v_updated_at timestamptz;
    v_active     boolean;
BEGIN
    PERFORM memory_store.check_id('memory_id', memory_store.require('memory_id', p_memory_id));
    SELECT e.created_at, e.updated_at, e.is_active INTO v_created_at, v_updated_at, v_active
      FROM memory_store.memory_registry r
      JOIN memory_store.memory_entries e ON e.memory_id = r.memory_id AND e.created_at = r.created_at
     WHERE r.memory_id = p_memory_id
       FOR UPDATE OF e;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'memory % not found', quote_literal(p_memory_id) USING ERRCODE = 'MO001';
    END IF;
    IF NOT v_active THEN
        IF v_updated_at < now() - v_grace THEN
            RAISE EXCEPTION 'memory % was deleted at %, longer ago than the grace period of %: it cannot be restored',
                            quote_literal(p_memory_id), v_updated_at, v_grace
                USING ERRCODE = 'MO001';
        END IF;
        UPDATE memory_store.memory_entries SET is_active = true
         WHERE memory_id = p_memory_id AND created_at = v_created_at;
    END IF;
    RETURN memory_store.read_memory_impl(p_memory_id, true);
END
$fn$;

-- Dispatch handler: payload.memory_id -> the restored memory.
CREATE FUNCTION memory_store.dispatch_restore(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN memory_store.memory_json(memory_store.restore_memory_impl(
        memory_store.payload_text(p_payload, 'memory_id', true)));
END
$fn$;

-- One batch: up to p_batch_size memories soft-deleted before now() - p_grace.
-- No index serves is_active (the seed's index set is kept, README deviation
-- 8); each batch scans until it has its rows, which the daily schedule and
-- the batch size keep cheap.
CREATE FUNCTION memory_store.purge_soft_deleted_batch(p_batch_size integer, p_grace interval)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_batch integer := memory_store.purge_batch_size(memory_store.require('batch_size', p_batch_size));
    v_rows  bigint;
BEGIN
    IF memory_store.require('grace', p_grace) < interval '0' THEN
        RAISE EXCEPTION 'grace must not be negative, got %', p_grace USING ERRCODE = 'invalid_parameter_value';
    END IF;
    WITH doomed AS (
        SELECT e.memory_id, e.created_at
          FROM memory_store.memory_entries e
         WHERE NOT e.is_active AND e.updated_at < now() - p_grace
         LIMIT v_batch
           FOR UPDATE SKIP LOCKED)
    DELETE FROM memory_store.memory_entries e
     USING doomed d
     WHERE e.memory_id = d.memory_id AND e.created_at = d.created_at;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END
$fn$;

COMMENT ON FUNCTION memory_store.purge_soft_deleted_batch(integer, interval) IS
$$One batch of the soft-delete purge: deletes up to p_batch_size memories soft-deleted (is_active = false) with updated_at older than p_grace (tags, embeddings, relationships cascade); skips rows a writer holds. Returns rows deleted. Errors: 22004, 22023 batch size outside 1..100000 or negative grace.
Example: SELECT memory_store.purge_soft_deleted_batch(5000, interval '30 days');$$;

-- Job entry point. Invoker, no SET clause: a procedure with either cannot
-- COMMIT (see deploy/lifecycle_jobs.sql); every call below is qualified.
CREATE PROCEDURE memory_store.purge_soft_deleted(p_batch_size integer DEFAULT NULL)
LANGUAGE plpgsql
AS $pr$
DECLARE
    v_batch   integer := memory_store.purge_batch_size(p_batch_size);
    v_budget  integer := memory_store.lifecycle_int('purge_max_batches');
    v_grace   interval := memory_store.lifecycle_interval('soft_delete_grace');
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
    v_run := memory_store.job_begin('purge_soft_deleted');
    IF v_run IS NULL THEN
        RETURN;
    END IF;
    COMMIT;
    LOOP
        BEGIN
            v_rows := memory_store.purge_soft_deleted_batch(v_batch, v_grace);
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
                                 format('deleted %s memories soft-deleted before now() - %s, %s batches of %s',
                                        v_total, v_grace, v_batches, v_batch),
                                 v_state, v_message);
    COMMIT;
    IF v_state IS NOT NULL THEN
        RAISE EXCEPTION '%', v_message USING ERRCODE = v_state;
    END IF;
END
$pr$;

COMMENT ON PROCEDURE memory_store.purge_soft_deleted(integer) IS
$$Lifecycle job: deletes memories soft-deleted longer ago than the setting soft_delete_grace (by updated_at), in batches (p_batch_size, else purge_batch_size), COMMIT after each, at most purge_max_batches per run. Never overlaps itself; logs its run in memory_store.job_runs. Call outside a transaction block. Errors: 22023 batch size outside 1..100000.
Example: CALL memory_store.purge_soft_deleted();$$;
