-- memory_store.erasure_in_progress() RETURNS bigint
--
-- The receipt id of the erasure (memory_store.erase_user) that this very
-- transaction is running, or NULL. The append-only guards of the access log
-- admit the redaction of a row only while it is not NULL: nobody but
-- erase_user can insert an unfinished receipt row (no role holds INSERT on
-- memory_store.erasure_receipts but its owner).
--
-- Errors:
--   none
-- Example:
--   SELECT memory_store.erasure_in_progress();  -- NULL outside erase_user

CREATE OR REPLACE FUNCTION memory_store.erasure_in_progress()
RETURNS bigint
LANGUAGE sql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT r.receipt_id FROM memory_store.erasure_receipts r
     WHERE r.txid = pg_catalog.pg_current_xact_id_if_assigned() AND r.finished_at IS NULL
     LIMIT 1;
$fn$;

COMMENT ON FUNCTION memory_store.erasure_in_progress() IS 'The receipt id of the erasure (memory_store.erase_user) running in this transaction, else NULL; the access log''s append-only trigger admits a redaction only then.
Example: SELECT memory_store.erasure_in_progress();  -- NULL outside erase_user';
