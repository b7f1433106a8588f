-- memory_store.vector_embeddings_refuse_sensitive() RETURNS trigger
--
-- BEFORE INSERT / UPDATE OF memory_id on vector_embeddings: a sensitive
-- memory never gets an embedding, whoever writes it (API, import, by hand).
--
-- Errors:
--   22023 memory % is sensitive: it takes no embedding (an embedding
--   carries the meaning of its text)
-- Example:
--   trigger vector_embeddings_refuse_sensitive BEFORE INSERT OR UPDATE OF memory_id ON memory_store.vector_embeddings FOR EACH ROW EXECUTE FUNCTION memory_store.vector_embeddings_refuse_sensitive()

CREATE OR REPLACE FUNCTION memory_store.vector_embeddings_refuse_sensitive()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF EXISTS (SELECT 1 FROM memory_store.memory_registry r
                 JOIN memory_store.memory_entries e ON e.memory_id = r.memory_id AND e.created_at = r.created_at
                WHERE r.memory_id = NEW.memory_id AND e.is_sensitive) THEN
        RAISE EXCEPTION 'memory % is sensitive: it takes no embedding (an embedding carries the meaning of its text)',
                        quote_literal(NEW.memory_id)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION memory_store.vector_embeddings_refuse_sensitive() IS 'Trigger: BEFORE INSERT OR UPDATE OF memory_id FOR EACH ROW on vector_embeddings; refuses (22023) an embedding of a sensitive memory.';
