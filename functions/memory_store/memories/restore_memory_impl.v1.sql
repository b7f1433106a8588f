-- memory_store.restore_memory_impl(p_memory_id text) RETURNS
--     memory.memory_record
--
-- Restores a soft-deleted memory (is_active = false) whose deletion
-- (updated_at) is within the setting soft_delete_grace. Restoring an active
-- memory changes nothing (idempotent retries). An expired memory is restored
-- too but stays invisible until its expiry is changed.
--
-- Errors:
--   MO001 memory % not found
--   through the functions it calls: 22023, 39004
-- Example:
--   memory_store.restore_memory_impl(p_memory_id)
--   (as memory.restore_memory calls it)

CREATE OR REPLACE FUNCTION memory_store.restore_memory_impl(p_memory_id text)
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
