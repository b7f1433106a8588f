-- memory_store.lifecycle_settings_check() RETURNS trigger
--
-- Trigger on memory_store.lifecycle_settings: every value must fit its
-- kind, an integer within [min_value, max_value] or an interval string that
-- is not negative; JSON null only for a setting marked nullable, where it
-- means "off" (e.g. archive_after_idle null: sessions are never archived
-- for being idle). lifecycle_int / lifecycle_interval read a null value as
-- SQL NULL. A bad value raises 22023.
--
-- Errors:
--   22023 lifecycle setting % cannot be switched off with null
-- Example:
--   trigger lifecycle_settings_check BEFORE INSERT OR UPDATE ON memory_store.lifecycle_settings FOR EACH ROW EXECUTE FUNCTION memory_store.lifecycle_settings_check()

CREATE OR REPLACE FUNCTION memory_store.lifecycle_settings_check()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_number numeric;
    v_interval interval;
BEGIN
    IF jsonb_typeof(NEW.value) = 'null' THEN
        IF NOT NEW.nullable THEN
            RAISE EXCEPTION 'lifecycle setting % cannot be switched off with null', NEW.name
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    ELSIF NEW.kind = 'integer' THEN
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
