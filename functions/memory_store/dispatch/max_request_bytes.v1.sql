-- memory_store.max_request_bytes() RETURNS integer
--
-- The largest request memory.dispatch reads: 1 MiB (1048576 bytes), the
-- stored size (pg_column_size) of a jsonb request; a text request is
-- measured by its octets before it is parsed, then as jsonb. The largest
-- legal request is far smaller (content of at most
-- limits().max_content_bytes, an embedding of limits().embedding_dimensions
-- numbers, limits().max_page_size ids of limits().max_id_length).
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.max_request_bytes();  -- 1048576

CREATE OR REPLACE FUNCTION memory_store.max_request_bytes()
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT 1048576 $fn$;

COMMENT ON FUNCTION memory_store.max_request_bytes() IS 'The largest request memory.dispatch reads, in bytes (1 MiB): the stored size of a jsonb request, the octets of a text one before it is parsed (then its stored size); larger ones get validation_error (54000) unread.
Example: SELECT memory_store.max_request_bytes();  -- 1048576';
