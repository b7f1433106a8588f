-- memory_store.create_monthly_partition(p_parent regclass, p_month date)
--     RETURNS regclass
--
-- Creates the partition of one UTC calendar month of a monthly range-
-- partitioned memory_store table, moving rows of that month out of the
-- DEFAULT partition. Idempotent. Returns the partition.
--
-- Errors:
--   39004 create_monthly_partition: parent and month are required
--   22023 create_monthly_partition: % is not a memory_store table range-
--   partitioned on a timestamptz column
-- Example:
--   SELECT memory_store.create_monthly_partition('memory_store.memory_entries', date '2027-01-01');

CREATE OR REPLACE FUNCTION memory_store.create_monthly_partition(p_parent regclass, p_month date)
RETURNS regclass
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_schema      name;
    v_table       name;
    v_partition   name;
    v_key         name;
    v_default     regclass;
    v_lower       timestamptz;
    v_upper       timestamptz;
    v_columns     text;
    v_has_rows    boolean;
BEGIN
    IF p_parent IS NULL OR p_month IS NULL THEN
        RAISE EXCEPTION 'create_monthly_partition: parent and month are required'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;

    SELECT n.nspname, c.relname INTO v_schema, v_table
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = p_parent;

    -- Only single-column range partitioning on a timestamptz key is handled.
    SELECT a.attname INTO v_key
      FROM pg_partitioned_table pt
      JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0]
     WHERE pt.partrelid = p_parent AND pt.partstrat = 'r' AND pt.partnatts = 1
       AND a.atttypid = 'timestamptz'::regtype;
    IF v_key IS NULL OR v_schema <> 'memory_store' THEN
        RAISE EXCEPTION 'create_monthly_partition: % is not a memory_store table range-partitioned on a timestamptz column', p_parent
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    -- Month boundaries are UTC midnights, whatever the session's TimeZone.
    v_lower := date_trunc('month', p_month)::timestamp AT TIME ZONE 'UTC';
    v_upper := (date_trunc('month', p_month) + interval '1 month')::timestamp AT TIME ZONE 'UTC';
    v_partition := format('%s_p%s', v_table, to_char(p_month, 'YYYY_MM'));

    -- Two callers creating the same month must not race: serialise per parent
    -- with a table lock that conflicts with itself but not with reads and
    -- writes, and that only roles with rights on the table can take (an
    -- advisory lock key can be held by any login role).
    EXECUTE format('LOCK TABLE %s IN SHARE UPDATE EXCLUSIVE MODE', p_parent);

    IF to_regclass(format('%I.%I', v_schema, v_partition)) IS NOT NULL THEN
        RETURN format('%I.%I', v_schema, v_partition)::regclass;
    END IF;

    SELECT i.inhrelid::regclass INTO v_default
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = p_parent AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT';

    IF v_default IS NOT NULL THEN
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE %I >= $1 AND %I < $2)', v_default, v_key, v_key)
           INTO v_has_rows USING v_lower, v_upper;
    END IF;

    IF NOT coalesce(v_has_rows, false) THEN
        EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                       v_schema, v_partition, p_parent, v_lower, v_upper);
        EXECUTE format('ALTER TABLE %I.%I OWNER TO memory_owner', v_schema, v_partition);
    ELSE
        SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO v_columns
          FROM pg_attribute
         WHERE attrelid = p_parent AND attnum > 0 AND NOT attisdropped AND attgenerated = '';

        EXECUTE format('ALTER TABLE %s DETACH PARTITION %s', p_parent, v_default);
        EXECUTE format('CREATE TABLE %I.%I (LIKE %s INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING CONSTRAINTS INCLUDING STORAGE)',
                       v_schema, v_partition, p_parent);
        EXECUTE format('ALTER TABLE %I.%I OWNER TO memory_owner', v_schema, v_partition);
        EXECUTE format('WITH moved AS (DELETE FROM %s WHERE %I >= $1 AND %I < $2 RETURNING %s) '
                       'INSERT INTO %I.%I (%s) SELECT %s FROM moved',
                       v_default, v_key, v_key, v_columns, v_schema, v_partition, v_columns, v_columns)
          USING v_lower, v_upper;
        EXECUTE format('ALTER TABLE %s ATTACH PARTITION %I.%I FOR VALUES FROM (%L) TO (%L)',
                       p_parent, v_schema, v_partition, v_lower, v_upper);
        EXECUTE format('ALTER TABLE %s ATTACH PARTITION %s DEFAULT', p_parent, v_default);
    END IF;

    RETURN format('%I.%I', v_schema, v_partition)::regclass;
END
$fn$;

COMMENT ON FUNCTION memory_store.create_monthly_partition(p_parent regclass, p_month date) IS 'Creates the partition of one UTC calendar month of a monthly range-partitioned memory_store table, moving rows of that month out of the DEFAULT partition. Idempotent. Returns the partition.
Example: SELECT memory_store.create_monthly_partition(''memory_store.memory_entries'', date ''2027-01-01'');';
