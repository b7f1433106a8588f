-- Verify memory-orchestrator:sessions on pg
BEGIN;

SELECT session_id, user_id, created_at, updated_at, ended_at, metadata, summary, is_archived, session_type
  FROM memory_store.sessions
 WHERE false;

SELECT 1 / count(*) FROM pg_catalog.pg_constraint
 WHERE conrelid = 'memory_store.sessions'::regclass AND conname = 'sessions_pkey' AND contype = 'p';

ROLLBACK;
