-- memory_store.dedupe_key(p_content jsonb) RETURNS uuid
--
-- The 16-byte key of exact deduplication: the MD5 of
-- memory_store.dedupe_text(content). The index
-- idx_memory_entries_dedupe (user_id, memory_type, this key) makes the
-- lookup of a user's memory of one type with the same normalised text one
-- index probe per partition; the caller compares the texts themselves too,
-- so a collision of keys never merges different texts.
--
-- Errors:
--   none (NULL content gives NULL)
-- Example:
--   SELECT memory_store.dedupe_key('{"text": "I like tea"}') = memory_store.dedupe_key('{"text": "i  LIKE tea"}');  -- true

CREATE OR REPLACE FUNCTION memory_store.dedupe_key(p_content jsonb)
RETURNS uuid
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT md5(memory_store.dedupe_text(p_content))::uuid;
$fn$;

COMMENT ON FUNCTION memory_store.dedupe_key(p_content jsonb) IS 'Key of exact deduplication: md5 of memory_store.dedupe_text(content) as a uuid (indexed per user and memory type).
Example: SELECT memory_store.dedupe_key(''{"text": "I like tea"}'') = memory_store.dedupe_key(''{"text": "i  LIKE tea"}'');  -- true';
