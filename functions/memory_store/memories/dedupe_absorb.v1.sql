-- memory_store.dedupe_absorb(p_memory_id text, p_created_at timestamp
--     with time zone, p_content jsonb, p_tags text[], p_expires_at timestamp
--     with time zone, p_priority integer, p_embedding extensions.vector,
--     p_embedding_model text) RETURNS text
--
-- What deduplication does to the surviving memory when a create finds it:
-- the new content replaces the old one when it differs (the latest wording
-- wins; the old one stays in the memory's history), the new tags join the
-- old ones, the priority is the higher of the two (an absent priority
-- keeps the old), expires_at the later of the two (no expiry on either side
-- means none), and the new embedding replaces the old one of its model.
-- Returns 'unchanged' when none of that changes anything (nothing is
-- written), else 'updated': one update of the memory row (a new version of
-- it, operation 'dedupe' through memory_store.change_operation), then its
-- tags and embedding. The row is locked first (FOR UPDATE).
--
-- Errors:
--   MO001 memory % not found (it went between the lookup and the lock)
-- Example:
--   SELECT memory_store.dedupe_absorb('m-1', $1, '{"text": "I like tea"}', ARRAY['drinks'], NULL, NULL, NULL, NULL);

CREATE OR REPLACE FUNCTION memory_store.dedupe_absorb(
    p_memory_id       text,
    p_created_at      timestamptz,
    p_content         jsonb,
    p_tags            text[],
    p_expires_at      timestamptz,
    p_priority        integer,
    p_embedding       extensions.vector,
    p_embedding_model text)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_old       record;
    v_new_tags  text[];
    v_priority  integer;
    v_expires   timestamptz;
    v_embedding boolean;
    v_operation text := current_setting('memory_store.change_operation', true);
BEGIN
    SELECT e.content, e.priority, e.expires_at INTO v_old
      FROM memory_store.memory_entries e
     WHERE e.memory_id = p_memory_id AND e.created_at = p_created_at AND e.is_active
       FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'memory % not found', quote_literal(p_memory_id) USING ERRCODE = 'MO001';
    END IF;
    v_new_tags := ARRAY(SELECT t FROM unnest(coalesce(memory_store.clean_tags(p_tags), '{}')) AS t
                         WHERE NOT EXISTS (SELECT 1 FROM memory_store.memory_tags mt
                                            WHERE mt.memory_id = p_memory_id AND mt.tag = t));
    v_priority := greatest(v_old.priority, coalesce(p_priority, v_old.priority));
    v_expires := CASE WHEN v_old.expires_at IS NULL OR p_expires_at IS NULL THEN NULL
                      ELSE greatest(v_old.expires_at, p_expires_at) END;
    v_embedding := p_embedding IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM memory_store.vector_embeddings ve
                                    WHERE ve.memory_id = p_memory_id AND ve.embedding_model = p_embedding_model
                                      AND ve.embedding OPERATOR(extensions.=) p_embedding);
    IF v_old.content = p_content AND cardinality(v_new_tags) = 0 AND v_priority = v_old.priority
       AND v_expires IS NOT DISTINCT FROM v_old.expires_at AND NOT v_embedding THEN
        RETURN 'unchanged';
    END IF;

    -- The row first: its version keeps the tags it had.
    PERFORM set_config('memory_store.change_operation', 'dedupe', true);
    UPDATE memory_store.memory_entries e
       SET content = p_content, priority = v_priority, expires_at = v_expires
     WHERE e.memory_id = p_memory_id AND e.created_at = p_created_at;
    PERFORM set_config('memory_store.change_operation', coalesce(v_operation, ''), true);
    INSERT INTO memory_store.memory_tags (memory_id, tag) SELECT p_memory_id, unnest(v_new_tags);
    IF v_embedding THEN
        INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model)
        VALUES (p_memory_id, p_embedding, p_embedding_model)
        ON CONFLICT (memory_id, embedding_model) DO UPDATE SET embedding = EXCLUDED.embedding;
    END IF;
    RETURN 'updated';
END
$fn$;

COMMENT ON FUNCTION memory_store.dedupe_absorb(p_memory_id text, p_created_at timestamp with time zone, p_content jsonb, p_tags text[], p_expires_at timestamp with time zone, p_priority integer, p_embedding extensions.vector, p_embedding_model text) IS 'Deduplication''s merge into the surviving memory: new content, tags joined, higher priority, later expiry, new embedding; ''unchanged'' (nothing written) or ''updated'' (a new version, operation dedupe). Errors: MO001 memory gone.
Example: SELECT memory_store.dedupe_absorb(''m-1'', $1, ''{"text": "I like tea"}'', ARRAY[''drinks''], NULL, NULL, NULL, NULL);';
