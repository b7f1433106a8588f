-- Lifecycle settings: the check trigger, typed readers and a setter.

-- Every value must fit its kind: an integer within [min_value, max_value], or
-- an interval string that is not negative. A bad value raises 22023.
CREATE FUNCTION memory_store.lifecycle_settings_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_number numeric;
    v_interval interval;
BEGIN
    IF NEW.kind = 'integer' THEN
        IF jsonb_typeof(NEW.value) <> 'number' OR (NEW.value #>> '{}')::numeric <> trunc((NEW.value #>> '{}')::numeric) THEN
            RAISE EXCEPTION 'lifecycle setting % must be an integer, got %', NEW.name, NEW.value
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        v_number := (NEW.value #>> '{}')::numeric;
        IF v_number < coalesce(NEW.min_value, v_number) OR v_number > coalesce(NEW.max_value, v_number)
           OR v_number NOT BETWEEN -2147483648 AND 2147483647 THEN
            RAISE EXCEPTION 'lifecycle setting % must be between % and %, got %', NEW.name,
                            NEW.min_value, NEW.max_value, v_number
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    ELSE
        IF jsonb_typeof(NEW.value) <> 'string' THEN
            RAISE EXCEPTION 'lifecycle setting % must be an interval string such as "30 days", got %', NEW.name, NEW.value
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        BEGIN
            v_interval := (NEW.value #>> '{}')::interval;
        EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow OR interval_field_overflow THEN
            RAISE EXCEPTION 'lifecycle setting % must be an interval such as "30 days", got %', NEW.name, NEW.value
                USING ERRCODE = 'invalid_parameter_value';
        END;
        IF v_interval < interval '0' THEN
            RAISE EXCEPTION 'lifecycle setting % must not be negative, got %', NEW.name, NEW.value
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END
$fn$;

-- The row of one setting, or 22023 when there is no such setting of that kind.
CREATE FUNCTION memory_store.lifecycle_int(p_name text)
RETURNS integer
LANGUAGE plpgsql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_value integer;
BEGIN
    SELECT (s.value #>> '{}')::integer INTO v_value
      FROM memory_store.lifecycle_settings s
     WHERE s.name = memory_store.require('name', p_name) AND s.kind = 'integer';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no integer lifecycle setting %', quote_literal(p_name) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN v_value;
END
$fn$;

COMMENT ON FUNCTION memory_store.lifecycle_int(text) IS
$$The value of an integer lifecycle setting (memory_store.lifecycle_settings). Errors: 22004 no name, 22023 no such integer setting.
Example: SELECT memory_store.lifecycle_int('purge_batch_size');$$;

CREATE FUNCTION memory_store.lifecycle_interval(p_name text)
RETURNS interval
LANGUAGE plpgsql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_value interval;
BEGIN
    SELECT (s.value #>> '{}')::interval INTO v_value
      FROM memory_store.lifecycle_settings s
     WHERE s.name = memory_store.require('name', p_name) AND s.kind = 'interval';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no interval lifecycle setting %', quote_literal(p_name) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN v_value;
END
$fn$;

COMMENT ON FUNCTION memory_store.lifecycle_interval(text) IS
$$The value of an interval lifecycle setting (memory_store.lifecycle_settings). Errors: 22004 no name, 22023 no such interval setting.
Example: SELECT memory_store.lifecycle_interval('soft_delete_grace');$$;

CREATE FUNCTION memory_store.set_lifecycle_setting(p_name text, p_value jsonb)
RETURNS memory_store.lifecycle_settings
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_row memory_store.lifecycle_settings;
BEGIN
    PERFORM memory_store.require('name', p_name);
    PERFORM memory_store.require('value', p_value);
    UPDATE memory_store.lifecycle_settings SET value = p_value WHERE name = p_name RETURNING * INTO v_row;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no lifecycle setting %', quote_literal(p_name) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN v_row;
END
$fn$;

COMMENT ON FUNCTION memory_store.set_lifecycle_setting(text, jsonb) IS
$$Changes one lifecycle setting at run time; the next job run uses it. Returns the settings row. Errors: 22004 missing name or value, 22023 unknown setting or a value of the wrong kind or out of bounds.
Example: SELECT memory_store.set_lifecycle_setting('soft_delete_grace', '"7 days"');  SELECT memory_store.set_lifecycle_setting('purge_batch_size', '10000');$$;
