-- memory_store.check_embedding(p_embedding extensions.vector) RETURNS
--     extensions.vector
--
-- An embedding must have embedding_dimensions dimensions (22023); pgvector
-- itself rejects NaN and infinity when the value is built (22000).
--
-- Errors:
--   22023 embedding must have % dimensions, got %
-- Example:
--   memory_store.check_embedding(p_embedding)
--   (as memory_store.create_memory_impl calls it)

CREATE OR REPLACE FUNCTION memory_store.check_embedding(p_embedding extensions.vector)
RETURNS extensions.vector
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_embedding IS NOT NULL
       AND extensions.vector_dims(p_embedding) <> (SELECT embedding_dimensions FROM memory_store.limits()) THEN
        RAISE EXCEPTION 'embedding must have % dimensions, got %',
                        (SELECT embedding_dimensions FROM memory_store.limits()), extensions.vector_dims(p_embedding)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN p_embedding;
END
$fn$;
