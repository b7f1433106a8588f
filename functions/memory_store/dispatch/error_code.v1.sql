-- memory_store.error_code(p_sqlstate text) RETURNS text
--
-- The error taxonomy of the agent API: every error the package raises has a
-- SQLSTATE, and every SQLSTATE maps to one envelope code, so typed callers
-- and memory.dispatch callers see the same classes.
--
--   SQLSTATE                        envelope code       raised for
--   MO003                           invalid_request     malformed envelope, unknown action
--   22004 null_value_not_allowed    invalid_request     a required parameter is missing
--   22023 invalid_parameter_value   validation_error    a value breaks a rule (priority, type, vector...)
--   54000 program_limit_exceeded    validation_error    content or a string over its size bound
--   22000 22001 22003 22007 22008   validation_error    NaN in a vector, string too long, number out of
--   22021 22P02 22P05                                   range, bad date/time, bad encoding, bad text
--                                                       representation, NUL / bad unicode escape
--   23514 check_violation           validation_error    a CHECK constraint (priority) caught it first
--   MO001                           memory_not_found    no such (visible) memory
--   MO002                           session_not_found   no such session
--   42501 insufficient_privilege    permission_denied   the caller may not touch this memory / user
--   other class 23, class 40, 55P03 storage_error       the database refused the write
--   MO004                           search_error        the search could not run
--   anything else                   internal_error      (message never shown to the client)
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.error_code('MO001');  -- memory_not_found

CREATE OR REPLACE FUNCTION memory_store.error_code(p_sqlstate text)
RETURNS text
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT CASE
        WHEN p_sqlstate IN ('MO003', '22004') THEN 'invalid_request'
        WHEN p_sqlstate = 'MO001' THEN 'memory_not_found'
        WHEN p_sqlstate = 'MO002' THEN 'session_not_found'
        WHEN p_sqlstate = 'MO004' THEN 'search_error'
        WHEN p_sqlstate = '42501' THEN 'permission_denied'
        WHEN p_sqlstate IN ('22023', '54000', '23514', '22000', '22001', '22003', '22007', '22008', '22021',
                            '22P02', '22P05') THEN 'validation_error'
        WHEN left(p_sqlstate, 2) IN ('23', '40') OR p_sqlstate = '55P03' THEN 'storage_error'
        ELSE 'internal_error'
    END
$fn$;

COMMENT ON FUNCTION memory_store.error_code(p_sqlstate text) IS 'Maps a SQLSTATE to the envelope error code of memory.dispatch (see functions/memory_store/api_errors.v1.sql for the table).
Example: SELECT memory_store.error_code(''MO001'');  -- memory_not_found';
