-- memory_store.ensure_monthly_partitions(p_parent regclass, p_from date
--     DEFAULT ((now() AT TIME ZONE 'UTC'::text))::date, p_months_ahead
--     integer DEFAULT 3) RETURNS SETOF regclass
--
-- memory_store.ensure_monthly_partitions(parent, from, months_ahead): the
-- partitions of the month of p_from and of the p_months_ahead months after it.
-- Idempotent; the lifecycle job calls it to keep partitions ahead of time.
--
-- Errors:
--   22023 ensure_monthly_partitions: months_ahead must be between 0 and
--   120, got %
--   through the functions it calls: 39004
-- Example:
--   SELECT * FROM memory_store.ensure_monthly_partitions('memory_store.memory_access_logs', current_date, 3);

CREATE OR REPLACE FUNCTION memory_store.ensure_monthly_partitions(
    p_parent regclass,
    p_from date DEFAULT (now() AT TIME ZONE 'UTC')::date,
    p_months_ahead integer DEFAULT 3)
RETURNS SETOF regclass
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_months_ahead IS NULL OR p_months_ahead < 0 OR p_months_ahead > 120 THEN
        RAISE EXCEPTION 'ensure_monthly_partitions: months_ahead must be between 0 and 120, got %', p_months_ahead
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
        SELECT memory_store.create_monthly_partition(p_parent, (date_trunc('month', p_from) + make_interval(months => m))::date)
          FROM generate_series(0, p_months_ahead) AS m;
END
$fn$;

COMMENT ON FUNCTION memory_store.ensure_monthly_partitions(p_parent regclass, p_from date, p_months_ahead integer) IS 'Creates (if missing) the monthly partitions from the month of p_from through p_months_ahead months later. Returns every partition of that range.
Example: SELECT * FROM memory_store.ensure_monthly_partitions(''memory_store.memory_access_logs'', current_date, 3);';
