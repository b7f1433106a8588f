-- Verify memory-orchestrator:api_triggers on pg
BEGIN;

DO $$
DECLARE
    missing text;
BEGIN
    SELECT string_agg(expected.tgname, ', ') INTO missing
      FROM (VALUES ('memory_store.sessions', 'sessions_set_updated_at'),
                   ('memory_store.memory_entries', 'memory_entries_set_updated_at'),
                   ('memory_store.user_profiles', 'user_profiles_set_updated_at'),
                   ('memory_store.agent_states', 'agent_states_set_updated_at'),
                   ('memory_store.memory_entries', 'memory_entries_touch_session_insert'),
                   ('memory_store.memory_entries', 'memory_entries_touch_session_update'),
                   ('memory_store.memory_entries', 'memory_entries_notify_insert'),
                   ('memory_store.memory_entries', 'memory_entries_notify_update'),
                   ('memory_store.memory_entries', 'memory_entries_notify_delete')) AS expected(tbl, tgname)
     WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t
                        WHERE t.tgrelid = expected.tbl::regclass AND t.tgname = expected.tgname AND t.tgenabled <> 'D');
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'triggers missing or disabled: %', missing;
    END IF;
END
$$;

ROLLBACK;
