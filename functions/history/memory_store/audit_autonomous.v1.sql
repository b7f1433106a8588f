-- memory_store.audit_autonomous(...): the audit row of a typed call that is
-- about to raise. Placeholder version: writes in the current transaction,
-- so the row is lost with the failing statement. Replaced by the dblink
-- version (audit_autonomous.v2.sql) before the API is tagged.
CREATE FUNCTION memory_store.audit_autonomous(
    p_operation text,
    p_memory_id text,
    p_session_id text,
    p_request jsonb,
    p_success boolean,
    p_error text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM memory_store.audit(p_operation, p_memory_id, p_session_id, p_request, p_success, p_error);
END
$fn$;
