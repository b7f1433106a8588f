-- memory_store.purge_old_default_logs(p_cutoff timestamp with time zone,
--     p_batch_size integer) RETURNS bigint
--
-- Moves the access-log rows of the oldest month that lies wholly before
-- p_cutoff out of the DEFAULT partition into that month's own partition
-- (memory_store.create_monthly_partition moves them between detached tables),
-- so that drop_old_log_partition can retire them: the log is append-only and
-- rows leave it only with their partition. Returns how many rows moved
-- (0 when no such month is left). p_batch_size is validated for the job's
-- sake; a month moves as a whole.
--
-- Errors:
--   22004, 22023 cutoff in the future or batch size outside 1..100000.
-- Example:
--   SELECT memory_store.purge_old_default_logs(now() - interval '12 months', 5000);

CREATE OR REPLACE FUNCTION memory_store.purge_old_default_logs(p_cutoff timestamptz, p_batch_size integer)
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

COMMENT ON FUNCTION memory_store.purge_old_default_logs(p_cutoff timestamp with time zone, p_batch_size integer) IS 'Moves the access-log rows of the oldest month wholly before p_cutoff out of the DEFAULT partition into that month''s partition, so the partition drop retires them (the log is append-only); returns how many rows moved. Errors: 22004, 22023 cutoff in the future or batch size outside 1..100000.
Example: SELECT memory_store.purge_old_default_logs(now() - interval ''12 months'', 5000);';
