-- memory_store.set_updated_at() RETURNS trigger
--
-- BEFORE UPDATE: keep updated_at right on every table that has it, unless the
-- statement sets it explicitly (imports carry their own timestamps).
--
-- Errors:
--   none of its own
-- Example:
--   trigger agent_states_set_updated_at BEFORE UPDATE ON memory_store.agent_states FOR EACH ROW EXECUTE FUNCTION memory_store.set_updated_at()  (and 3 more)

CREATE OR REPLACE FUNCTION memory_store.set_updated_at()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION memory_store.set_updated_at() IS 'Trigger: BEFORE UPDATE; sets updated_at = now() unless the statement changed updated_at itself.';
