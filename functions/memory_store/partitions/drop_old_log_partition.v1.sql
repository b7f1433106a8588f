-- memory_store.drop_old_log_partition(p_cutoff timestamp with time zone)
--     RETURNS text
--
-- Detaches and drops the oldest monthly partition of memory_access_logs whose
-- whole range lies before p_cutoff; returns its name, or NULL when none is
-- left. One partition per call (and per transaction in the job): DETACH takes
-- an ACCESS EXCLUSIVE lock on the parent, which audit inserts queue behind,
-- so it is held briefly and given up after lock_timeout rather than waited for.
--
-- Errors:
--   22004, 22023 cutoff in the future.
-- Example:
--   SELECT memory_store.drop_old_log_partition(now() - interval '12 months');

CREATE OR REPLACE FUNCTION memory_store.drop_old_log_partition(p_cutoff timestamptz)
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

COMMENT ON FUNCTION memory_store.drop_old_log_partition(p_cutoff timestamp with time zone) IS 'Detaches and drops the oldest monthly partition of memory_access_logs lying wholly before p_cutoff; returns its name or NULL when there is none. Gives up after lock_timeout 5s. Errors: 22004, 22023 cutoff in the future.
Example: SELECT memory_store.drop_old_log_partition(now() - interval ''12 months'');';
