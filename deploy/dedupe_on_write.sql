-- Deploy memory-orchestrator:dedupe_on_write to pg
-- requires: search_ranked
-- Deduplication on write (issue 17, point 3), and one create path for plain
-- and sensitive memories (issue 12, point 4):
--   create_check, create_entry (new)   the checks and the idempotent retry
--                                      loop that create_memory_impl and
--                                      create_sensitive_memory_impl carried
--                                      twice; both now call create_entry
--   create_memory_impl v4, create_sensitive_memory_impl v4
--   dedupe_text, dedupe_key (new)      normalised text (NFKC, case, white
--                                      space) and its md5 key, indexed per
--                                      user and memory type
--   dedupe_find, dedupe_min_similarity, dedupe_nearest, dedupe_absorb,
--   create_deduped_impl (new)          exact and semantic deduplication; a
--                                      claim row per user, type and key
--                                      serialises concurrent identical creates
--   memory.create_memory_deduped (new) the typed call, answering the outcome
--   dispatch_create v3                 payload dedupe, data.outcome
BEGIN;

SET LOCAL ROLE memory_owner;

SELECT extensions.vector_dims('[1]'::extensions.vector) AS pgvector_loaded \gset

CREATE TYPE memory.create_outcome AS (
    outcome     text,
    memory_id   varchar(64),
    session_id  varchar(64),
    created_at  timestamptz,
    updated_at  timestamptz,
    expires_at  timestamptz,
    similarity  double precision);
COMMENT ON TYPE memory.create_outcome IS 'Answer of memory.create_memory_deduped: outcome (added | updated | unchanged), the memory that holds the content, its times, and the similarity of the survivor (1 for an exact match, NULL when added).';

-- A claim of (user, memory type, normalised text) for the time of one
-- create: the unique key makes a concurrent creator of the same text wait
-- for the first one's transaction. Rows never outlive their create, so no
-- other transaction ever sees one: no tenant policy (and no user_id column
-- the catalog would count as user-owned data); agents have no privilege.
CREATE TABLE memory_store.dedupe_claims (
    claim_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claimed_for varchar(64),
    memory_type varchar(32) NOT NULL,
    text_key    uuid NOT NULL,
    claimed_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT dedupe_claims_key UNIQUE NULLS NOT DISTINCT (claimed_for, memory_type, text_key));
COMMENT ON TABLE memory_store.dedupe_claims IS 'Deduplication on write: a row per create with dedupe exact or semantic in progress (user, memory type, key of the normalised text); claimed_for is the user; deleted by the create that inserted it, so empty between transactions. Agents have no privilege on it.';

\ir ../functions/memory_store/memories/create_check.v1.sql
\ir ../functions/history/memory_store/memories/create_entry.v1.sql
\ir ../functions/memory_store/memories/create_memory_impl.v4.sql
\ir ../functions/memory_store/sensitive/create_sensitive_memory_impl.v4.sql
\ir ../functions/history/memory_store/memories/dedupe_text.v1.sql
\ir ../functions/history/memory_store/memories/dedupe_key.v1.sql
\ir ../functions/memory_store/memories/dedupe_find.v1.sql
\ir ../functions/memory_store/memories/dedupe_min_similarity.v1.sql
\ir ../functions/history/memory_store/memories/dedupe_nearest.v1.sql
\ir ../functions/memory_store/memories/dedupe_absorb.v1.sql
\ir ../functions/memory_store/memories/create_deduped_impl.v1.sql
\ir ../functions/memory/memories/create_memory_deduped.v1.sql
\ir ../functions/memory_store/memories/dispatch_create.v3.sql

-- Exact deduplication's lookup: one probe per partition.
CREATE INDEX idx_memory_entries_dedupe ON memory_store.memory_entries
    (user_id, memory_type, memory_store.dedupe_key(content))
    WHERE is_active AND NOT is_sensitive;

GRANT EXECUTE ON FUNCTION memory.create_memory_deduped(text, jsonb, text, text, text[], integer, timestamptz, integer,
                                                       extensions.vector, text, text, text, double precision)
    TO memory_agent;

UPDATE memory_store.dispatch_actions
   SET description = 'Create a memory with tags and an optional embedding; dedupe off | exact | semantic answers outcome added | updated | unchanged'
 WHERE action = 'create';

RESET ROLE;

-- Every tenant's rows, so the index serves the lookup (see the function).
ALTER FUNCTION memory_store.dedupe_find(text, text, text) OWNER TO memory_maintainer;
GRANT EXECUTE ON FUNCTION memory_store.dedupe_find(text, text, text) TO memory_owner;

COMMIT;
