-- memory_store.vector_embeddings_from_memory() RETURNS trigger
--
-- vector_embeddings: BEFORE INSERT OR UPDATE OF memory_id, user_id. What an
-- embedding takes from its memory, read once:
-- - user_id, the tenant its policies check;
-- - the columns semantic search filters on: session_id, memory_type,
--   source_agent, is_active, expires_at, memory_created_at;
-- - and a refusal when the memory is sensitive: an embedding carries the
--   meaning of the text that sensitive memories encrypt.
-- The registry gives the memory's created_at and the entry is read from the
-- one monthly partition that holds it, on generic plans planned once per
-- session (a custom plan of the partitioned read would be made again on
-- each call). Left NULL when the memory is not in memory_entries (an
-- archived memory): memory_store.memory_entries_filter_columns fills the
-- filter columns when it comes back, and until then search passes over the
-- embedding (NULL is not active).
--
-- Errors:
--   22023 memory % is sensitive: it takes no embedding
-- Example:
--   trigger vector_embeddings_from_memory BEFORE INSERT OR UPDATE OF memory_id, user_id ON memory_store.vector_embeddings FOR EACH ROW EXECUTE FUNCTION memory_store.vector_embeddings_from_memory()

CREATE OR REPLACE FUNCTION memory_store.vector_embeddings_from_memory()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET plan_cache_mode = force_generic_plan
AS $fn$
DECLARE
    v_created   timestamptz;
    v_sensitive boolean;
BEGIN
    SELECT r.created_at INTO v_created FROM memory_store.memory_registry r WHERE r.memory_id = NEW.memory_id;
    SELECT me.user_id, me.session_id, me.memory_type, me.source_agent, me.is_active, me.expires_at, me.created_at,
           me.is_sensitive
      INTO NEW.user_id, NEW.session_id, NEW.memory_type, NEW.source_agent, NEW.is_active, NEW.expires_at,
           NEW.memory_created_at, v_sensitive
      FROM memory_store.memory_entries me
     WHERE me.memory_id = NEW.memory_id AND me.created_at = v_created;
    IF v_sensitive THEN
        RAISE EXCEPTION 'memory % is sensitive: it takes no embedding (an embedding carries the meaning of its text)',
                        quote_literal(NEW.memory_id)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION memory_store.vector_embeddings_from_memory() IS 'Trigger on vector_embeddings: user_id and the search filter columns copied from the memory in one read (one partition, generic plans); a sensitive memory refused (22023).
Example: trigger vector_embeddings_from_memory BEFORE INSERT OR UPDATE OF memory_id, user_id ON memory_store.vector_embeddings FOR EACH ROW EXECUTE FUNCTION memory_store.vector_embeddings_from_memory()';
