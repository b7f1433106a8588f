-- memory_store.search_check_semantic(p_embedding extensions.vector,
--     p_embedding_model text, p_min_similarity double precision) RETURNS
--     void
--
-- Validates the semantic part of a search (semantic and hybrid, current or
-- as_of): the query embedding is given and has 1536 dimensions, the model
-- name is a valid id, min_similarity is a number between -1 and 1.
--
-- Errors:
--   22023 min_similarity must be between -1 and 1, got %
--   through the functions it calls: 22004, 22023, 54000
-- Example:
--   PERFORM memory_store.search_check_semantic(p_embedding, p_embedding_model, p_min_similarity);

CREATE OR REPLACE FUNCTION memory_store.search_check_semantic(
    p_embedding extensions.vector,
    p_embedding_model text,
    p_min_similarity double precision)
RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    PERFORM memory_store.check_embedding(memory_store.require('embedding', p_embedding));
    PERFORM memory_store.check_id('embedding_model', p_embedding_model);
    IF p_min_similarity = 'NaN' OR p_min_similarity NOT BETWEEN -1 AND 1 THEN
        RAISE EXCEPTION 'min_similarity must be between -1 and 1, got %', p_min_similarity
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$fn$;

COMMENT ON FUNCTION memory_store.search_check_semantic(p_embedding extensions.vector, p_embedding_model text, p_min_similarity double precision) IS 'Validates the semantic part of a search: embedding given with 1536 dimensions, embedding_model a valid id, min_similarity between -1 and 1 (22004 / 22023 / 54000).
Example: PERFORM memory_store.search_check_semantic(p_embedding, p_embedding_model, p_min_similarity);';
