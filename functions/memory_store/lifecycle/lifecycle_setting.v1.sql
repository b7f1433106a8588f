-- memory_store.lifecycle_setting(p_name text, p_kind text) RETURNS jsonb
--
-- The stored JSON value of one lifecycle setting
-- (memory_store.lifecycle_settings) of kind p_kind ('integer', 'interval',
-- ...), for the typed readers lifecycle_int and lifecycle_interval to cast;
-- 22023 when there is no setting of that name and kind.
--
-- Errors:
--   22004 name is required
--   22023 no % lifecycle setting %
-- Example:
--   SELECT memory_store.lifecycle_setting('purge_batch_size', 'integer');

CREATE OR REPLACE FUNCTION memory_store.lifecycle_setting(p_name text, p_kind text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_value jsonb;
BEGIN
    SELECT s.value INTO v_value
      FROM memory_store.lifecycle_settings s
     WHERE s.name = memory_store.require('name', p_name) AND s.kind = p_kind;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no % lifecycle setting %', p_kind, quote_literal(p_name) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN v_value;
END
$fn$;

COMMENT ON FUNCTION memory_store.lifecycle_setting(p_name text, p_kind text) IS 'The JSON value of a lifecycle setting (memory_store.lifecycle_settings) of a kind; what lifecycle_int and lifecycle_interval cast. Errors: 22004 no name, 22023 no such setting of that kind.
Example: SELECT memory_store.lifecycle_setting(''purge_batch_size'', ''integer'');';
