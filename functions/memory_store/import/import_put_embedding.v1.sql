-- memory_store.import_put_embedding(p_memory_id text, p_embedding
--     extensions.vector, p_model text, p_created_at timestamp with time
--     zone) RETURNS text
--
-- Put the embedding of a memory for one model: insert, update or leave.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.import_put_embedding('m-1', NULL, 'text-embedding-ada-002', now());

CREATE OR REPLACE FUNCTION memory_store.import_put_embedding(p_memory_id text, p_embedding extensions.vector,
                                                  p_model text, p_created_at timestamptz)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_old extensions.vector;
BEGIN
    SELECT e.embedding INTO v_old FROM memory_store.vector_embeddings e
     WHERE e.memory_id = p_memory_id AND e.embedding_model = p_model;
    IF NOT FOUND THEN
        INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model, created_at)
        VALUES (p_memory_id, p_embedding, p_model, coalesce(p_created_at, now()));
        RETURN 'inserted';
    END IF;
    IF v_old OPERATOR(extensions.=) p_embedding THEN
        RETURN 'unchanged';
    END IF;
    UPDATE memory_store.vector_embeddings e SET embedding = p_embedding
     WHERE e.memory_id = p_memory_id AND e.embedding_model = p_model;
    RETURN 'updated';
END
$fn$;

COMMENT ON FUNCTION memory_store.import_put_embedding(p_memory_id text, p_embedding extensions.vector, p_model text, p_created_at timestamp with time zone) IS 'Legacy import: insert, update or keep the embedding of a memory for a model. Example: SELECT memory_store.import_put_embedding(''m-1'', NULL, ''text-embedding-ada-002'', now());';
