-- memory_store.audit_loopback_conninfo() RETURNS text
--
-- memory_store.audit_loopback_conninfo(): the libpq connection string of the
-- audit loopback: this database (current_database() at call time, so a
-- clone of a template audits into itself), reached over TCP as
-- memory_audit_writer with the password kept in memory_store.audit_loopback.
-- The remote session gets short lock and statement timeouts (the caller may
-- hold locks the remote insert waits for, and PostgreSQL cannot see a
-- deadlock that spans two connections) and ends itself after a minute idle.
--
-- Errors:
--   55000 memory_store.audit_loopback is empty
-- Example:
--   SELECT extensions.dblink_connect('probe', memory_store.audit_loopback_conninfo());

CREATE OR REPLACE FUNCTION memory_store.audit_loopback_conninfo()
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_host     text;
    v_port     integer;
    v_password text;
    v_options  text[];
BEGIN
    SELECT l.host, l.port, l.password INTO v_host, v_port, v_password FROM memory_store.audit_loopback AS l;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'memory_store.audit_loopback is empty' USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    -- libpq conninfo values: single-quoted, backslash and quote escaped.
    SELECT array_agg('''' || replace(replace(v, '\', '\\'), '''', '\''') || '''' ORDER BY ord) INTO v_options
      FROM unnest(ARRAY[v_host, coalesce(v_port, current_setting('port')::integer)::text, current_database(), v_password,
                        '-c lock_timeout=200ms -c statement_timeout=2s -c idle_session_timeout=60s -c search_path=pg_catalog'])
           WITH ORDINALITY AS t(v, ord);
    RETURN format('host=%s port=%s dbname=%s user=memory_audit_writer password=%s '
                  'application_name=memory-audit connect_timeout=2 options=%s',
                  v_options[1], v_options[2], v_options[3], v_options[4], v_options[5]);
END
$fn$;

COMMENT ON FUNCTION memory_store.audit_loopback_conninfo() IS 'The connection string of the audit loopback (contains the password of memory_audit_writer: owner only).
Example: SELECT extensions.dblink_connect(''probe'', memory_store.audit_loopback_conninfo());';
