-- memory_store.search_exact_user(p_user_id text) RETURNS text
--
-- The plan choice of a semantic search by the tenant's size. The user a
-- search is confined to - p_user_id, else the user the session acts for
-- (none for a role that sees every tenant) - when that user has at most
-- exact_scan_max_vectors embeddings (memory_store.search_budget(): 2000)
-- visible to the caller; NULL otherwise. For such a user an exact scan of
-- their vectors (index idx_vector_embeddings_user_id) is cheaper than an
-- HNSW walk that discards the other tenants' neighbours, and it never
-- returns fewer than k while k matching memories exist. Counts at most
-- limit + 1 index entries.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.search_exact_user('u1');

CREATE OR REPLACE FUNCTION memory_store.search_exact_user(p_user_id text)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_user  text := coalesce(p_user_id,
                             CASE WHEN NOT memory_store.sees_all_tenants() THEN memory_store.current_tenant() END);
    v_limit integer := (SELECT exact_scan_max_vectors FROM memory_store.search_budget());
    v_count bigint;
BEGIN
    IF v_user IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT count(*) INTO v_count
      FROM (SELECT 1 FROM memory_store.vector_embeddings ve WHERE ve.user_id = v_user LIMIT v_limit + 1) AS few;
    RETURN CASE WHEN v_count <= v_limit THEN v_user END;
END
$fn$;

COMMENT ON FUNCTION memory_store.search_exact_user(p_user_id text) IS 'The user a semantic search is confined to (p_user_id, else the tenant the session acts for) when their embeddings are few enough (exact_scan_max_vectors) for an exact scan; NULL otherwise.
Example: SELECT memory_store.search_exact_user(''u1'');';
