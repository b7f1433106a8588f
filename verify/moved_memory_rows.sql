-- Verify memory-orchestrator:moved_memory_rows on pg
-- The propagation of a memory's user fires on any update (no column list),
-- and a memory moved to another user's session takes its rows along.
BEGIN;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t
                    WHERE t.tgrelid = 'memory_store.memory_entries'::pg_catalog.regclass
                      AND t.tgname = 'memory_entries_propagate_user_id' AND t.tgparentid = 0 AND t.tgattr = ''
                      AND t.tgenabled = 'O') THEN
        RAISE EXCEPTION 'moved_memory_rows: memory_entries_propagate_user_id must fire on any update of a memory';
    END IF;
END
$$;

-- As memory_maintainer, which the tenant policies admit on every server (a
-- managed server's deploying role is no superuser).
SET LOCAL ROLE memory_maintainer;
INSERT INTO memory_store.sessions (session_id, user_id, session_type)
VALUES ('verify-moved-1', 'verify-moved-u1', 'conversation'), ('verify-moved-2', 'verify-moved-u2', 'conversation');
INSERT INTO memory_store.memory_entries (memory_id, session_id, memory_type, content)
VALUES ('verify-moved', 'verify-moved-1', 'context', '{"text": "moved"}');
INSERT INTO memory_store.memory_tags (memory_id, tag) VALUES ('verify-moved', 'verify');
UPDATE memory_store.memory_entries SET session_id = 'verify-moved-2' WHERE memory_id = 'verify-moved';
DO $$
BEGIN
    IF (SELECT t.user_id FROM memory_store.memory_tags t WHERE t.memory_id = 'verify-moved') IS DISTINCT FROM 'verify-moved-u2' THEN
        RAISE EXCEPTION 'moved_memory_rows: a memory moved to another user''s session left its tags with the old user';
    END IF;
END
$$;

ROLLBACK;
