-- memory_store.limits() RETURNS TABLE(max_content_bytes integer,
--     embedding_dimensions integer, max_id_length integer, max_tags
--     integer, max_tag_length integer, max_page_size integer)
--
-- Bounds, in one place.
--
-- Errors:
--   none of its own
-- Example:
--   memory_store.limits()
--   (as memory_store.add_tags_impl calls it)

CREATE OR REPLACE FUNCTION memory_store.limits()
RETURNS TABLE (max_content_bytes integer, embedding_dimensions integer, max_id_length integer,
               max_tags integer, max_tag_length integer, max_page_size integer)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT 65536, 1536, 64, 64, 64, 1000 $fn$;

COMMENT ON FUNCTION memory_store.limits() IS 'The API''s documented bounds: content size (bytes of its JSON text), embedding dimensions, id length, tags per memory, tag length, page size.';
