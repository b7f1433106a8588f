-- memory_store.search_raise(p_sqlstate text, p_message text) RETURNS void
--
-- Raises a failure of a search statement as MO004, a client error as itself.
--
-- Errors:
--   p_sqlstate
--   MO004 the search could not run (SQLSTATE %)
-- Example:
--   memory_store.search_raise(SQLSTATE, SQLERRM)
--   (as memory_store.search_hybrid_impl calls it)

CREATE OR REPLACE FUNCTION memory_store.search_raise(p_sqlstate text, p_message text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF left(p_sqlstate, 2) = '22' OR p_sqlstate IN ('54000', '42501') OR left(p_sqlstate, 2) = 'MO' THEN
        RAISE EXCEPTION USING ERRCODE = p_sqlstate, MESSAGE = p_message;
    END IF;
    RAISE EXCEPTION 'the search could not run (SQLSTATE %)', p_sqlstate
        USING ERRCODE = 'MO004', DETAIL = p_message;
END
$fn$;
