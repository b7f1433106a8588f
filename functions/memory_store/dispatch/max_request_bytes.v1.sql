-- memory_store.max_request_bytes() RETURNS integer
--
-- The largest request memory.dispatch reads: 1 MiB (1048576 bytes), the
-- octets of a text request, the stored size (pg_column_size) of a jsonb
-- one. The largest legal request is far smaller (content of at most
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

COMMENT ON FUNCTION memory_store.max_request_bytes() IS 'The largest request memory.dispatch reads, in bytes (1 MiB): octets of a text request, stored size of a jsonb one; larger ones get validation_error (54000) unread.
Example: SELECT memory_store.max_request_bytes();  -- 1048576';
