-- Partition upkeep: partitions ahead, old access-log partitions dropped.

-- Creates the missing monthly partitions of memory_entries and
-- memory_access_logs from the current UTC month through p_months_ahead
-- months later; returns how many it created.
CREATE FUNCTION memory_store.partitions_ahead(p_months_ahead integer)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_before bigint;
    v_after  bigint;
    v_parents regclass[] := ARRAY['memory_store.memory_entries'::regclass, 'memory_store.memory_access_logs'::regclass];
BEGIN
    PERFORM memory_store.require('months_ahead', p_months_ahead);
    SELECT count(*) INTO v_before FROM pg_inherits WHERE inhparent = ANY (v_parents);
    PERFORM memory_store.ensure_monthly_partitions(p, (now() AT TIME ZONE 'UTC')::date, p_months_ahead)
       FROM unnest(v_parents) AS p;
    SELECT count(*) INTO v_after FROM pg_inherits WHERE inhparent = ANY (v_parents);
    RETURN (v_after - v_before)::integer;
END
$fn$;

COMMENT ON FUNCTION memory_store.partitions_ahead(integer) IS
$$Creates the missing monthly partitions of memory_entries and memory_access_logs from the current UTC month through p_months_ahead months later (rows of a new month move out of the default partition); returns how many were created. Errors: 22004, 22023 months outside 0..120.
Example: SELECT memory_store.partitions_ahead(3);$$;

-- Detaches and drops the oldest monthly partition of memory_access_logs whose
-- whole range lies before p_cutoff; returns its name, or NULL when none is
-- left. One partition per call (and per transaction in the job): DETACH takes
-- an ACCESS EXCLUSIVE lock on the parent, which audit inserts queue behind,
-- so it is held briefly and given up after lock_timeout rather than waited for.
CREATE FUNCTION memory_store.drop_old_log_partition(p_cutoff timestamptz)
RETURNS text
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET lock_timeout = '5s'
AS $fn$
DECLARE
    v_partition regclass;
BEGIN
    PERFORM memory_store.require('cutoff', p_cutoff);
    IF p_cutoff > now() THEN
        RAISE EXCEPTION 'cutoff must not be in the future, got %', p_cutoff USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT b.partition INTO v_partition
      FROM (SELECT i.inhrelid::regclass AS partition,
                   substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \(''([^'']+)''\)')::timestamptz AS upper_bound
              FROM pg_inherits i
              JOIN pg_class c ON c.oid = i.inhrelid
             WHERE i.inhparent = 'memory_store.memory_access_logs'::regclass
               AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT') AS b
     WHERE b.upper_bound <= p_cutoff
     ORDER BY b.upper_bound
     LIMIT 1;
    IF v_partition IS NULL THEN
        RETURN NULL;
    END IF;
    EXECUTE format('ALTER TABLE memory_store.memory_access_logs DETACH PARTITION %s', v_partition);
    EXECUTE format('DROP TABLE %s', v_partition);
    RETURN v_partition::text;
END
$fn$;

COMMENT ON FUNCTION memory_store.drop_old_log_partition(timestamptz) IS
$$Detaches and drops the oldest monthly partition of memory_access_logs lying wholly before p_cutoff; returns its name or NULL when there is none. Gives up after lock_timeout 5s. Errors: 22004, 22023 cutoff in the future.
Example: SELECT memory_store.drop_old_log_partition(now() - interval '12 months');$$;

-- Moves the access-log rows of the oldest month that lies wholly before
-- p_cutoff out of the DEFAULT partition into that month's own partition
-- (memory_store.create_monthly_partition moves them between detached tables),
-- so that drop_old_log_partition can retire them: the log is append-only and
-- rows leave it only with their partition. Returns how many rows moved
-- (0 when no such month is left). p_batch_size is validated for the job's
-- sake; a month moves as a whole.
CREATE FUNCTION memory_store.purge_old_default_logs(p_cutoff timestamptz, p_batch_size integer)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_default regclass;
    v_oldest  timestamptz;
    v_month   date;
    v_rows    bigint;
BEGIN
    PERFORM memory_store.purge_batch_size(memory_store.require('batch_size', p_batch_size));
    IF memory_store.require('cutoff', p_cutoff) > now() THEN
        RAISE EXCEPTION 'cutoff must not be in the future, got %', p_cutoff USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT i.inhrelid::regclass INTO v_default
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'memory_store.memory_access_logs'::regclass
       AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT';
    IF v_default IS NULL THEN
        RETURN 0::bigint;
    END IF;
    EXECUTE format('SELECT min("timestamp") FROM %s', v_default) INTO v_oldest;
    IF v_oldest IS NULL THEN
        RETURN 0::bigint;
    END IF;
    v_month := date_trunc('month', v_oldest AT TIME ZONE 'UTC')::date;
    IF ((v_month + interval '1 month')::timestamp AT TIME ZONE 'UTC') > p_cutoff THEN
        RETURN 0::bigint;  -- the oldest month is not wholly past retention yet
    END IF;
    EXECUTE format('SELECT count(*) FROM %s WHERE "timestamp" >= $1 AND "timestamp" < $2', v_default)
       INTO v_rows USING v_month::timestamp AT TIME ZONE 'UTC', (v_month + interval '1 month')::timestamp AT TIME ZONE 'UTC';
    PERFORM memory_store.create_monthly_partition('memory_store.memory_access_logs', v_month);
    RETURN v_rows;
END
$fn$;

COMMENT ON FUNCTION memory_store.purge_old_default_logs(timestamptz, integer) IS
$$Moves the access-log rows of the oldest month wholly before p_cutoff out of the DEFAULT partition into that month's partition, so the partition drop retires them (the log is append-only); returns how many rows moved. Errors: 22004, 22023 cutoff in the future or batch size outside 1..100000.
Example: SELECT memory_store.purge_old_default_logs(now() - interval '12 months', 5000);$$;

-- Job entry point. Invoker, no SET clause: a procedure with either cannot
-- COMMIT (see deploy/lifecycle_jobs.sql); every call below is qualified.
CREATE PROCEDURE memory_store.partition_upkeep()
LANGUAGE plpgsql
AS $pr$
DECLARE
    v_ahead     integer := memory_store.lifecycle_int('partition_months_ahead');
    v_cutoff    timestamptz := now() - memory_store.lifecycle_interval('access_log_retention');
    v_batch     integer := memory_store.lifecycle_int('purge_batch_size');
    v_budget    integer := memory_store.lifecycle_int('purge_max_batches');
    v_run       bigint;
    v_created   integer := 0;
    v_dropped   integer := 0;
    v_deleted   bigint := 0::bigint;
    v_rows      bigint;
    v_batches   integer := 0;
    v_partition text;
    v_state     text;
    v_message   text;
BEGIN
    -- Fails with 2D000 inside a transaction block, before the lock is taken
    -- (a session lock taken in a transaction that rolls back stays held).
    COMMIT;
    v_run := memory_store.job_begin('partition_upkeep');
    IF v_run IS NULL THEN
        RETURN;
    END IF;
    COMMIT;
    BEGIN
        v_created := memory_store.partitions_ahead(v_ahead);
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
    END;
    COMMIT;
    WHILE v_state IS NULL LOOP
        BEGIN
            v_rows := memory_store.purge_old_default_logs(v_cutoff, v_batch);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
            EXIT;
        END;
        COMMIT;
        v_deleted := v_deleted + v_rows;
        v_batches := v_batches + 1;
        EXIT WHEN v_rows = 0 OR v_batches >= v_budget;
    END LOOP;
    WHILE v_state IS NULL LOOP
        BEGIN
            v_partition := memory_store.drop_old_log_partition(v_cutoff);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
            EXIT;
        END;
        COMMIT;
        EXIT WHEN v_partition IS NULL;
        v_dropped := v_dropped + 1;
    END LOOP;
    PERFORM memory_store.job_end(v_run, v_created + v_dropped + v_deleted,
                                 format('created %s partitions, dropped %s access-log partitions older than %s, moved %s old default-partition log rows into their month to be dropped',
                                        v_created, v_dropped, v_cutoff, v_deleted),
                                 v_state, v_message);
    COMMIT;
    IF v_state IS NOT NULL THEN
        RAISE EXCEPTION '%', v_message USING ERRCODE = v_state;
    END IF;
END
$pr$;

COMMENT ON PROCEDURE memory_store.partition_upkeep() IS
$$Lifecycle job: creates monthly partitions partition_months_ahead ahead for memory_entries and memory_access_logs, detaches and drops access-log partitions older than access_log_retention (one per transaction), first moves older rows of the access log's default partition into their own month partitions (the log is append-only: rows leave only with their partition). Never overlaps itself; logs its run in memory_store.job_runs. Call outside a transaction block.
Example: CALL memory_store.partition_upkeep();$$;
