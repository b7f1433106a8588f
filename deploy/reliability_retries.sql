-- Deploy memory-orchestrator:reliability_retries to pg
-- requires: api_memories
-- requires: api_tags
-- requires: api_dispatch
-- requires: sensitive_memories
-- Races of concurrent API callers (issue 8, tests/test_races.py):
--   * tags_target v2: tag changes lock the memory's entry row, not its
--     registry row, the order every other writer of a memory uses (a tag
--     change racing a hard delete deadlocked);
--   * create_memory_impl v2 and create_sensitive_memory_impl v2: creators of
--     one caller-chosen id with the same content all get the memory (v1: all
--     but one got 23505);
--   * memory.dispatch v3 (v2 of sensitive_memories + retry): a handler that meets a deadlock or serialization
--     failure is retried, at most 3 attempts.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/tags_target.v2.sql
\ir ../functions/history/memory_store/create_memory_impl.v2.sql
\ir ../functions/history/memory_store/create_sensitive_memory_impl.v2.sql
\ir ../functions/history/memory/dispatch.v3.sql

COMMIT;
