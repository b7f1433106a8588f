-- Revert memory-orchestrator:api_summarize from pg
BEGIN;

DELETE FROM memory_store.dispatch_actions WHERE action = 'summarize';

DROP FUNCTION memory.summarize_session(text, text[], timestamptz, timestamptz, integer, boolean);
DROP FUNCTION memory_store.dispatch_summarize(jsonb, text);
DROP FUNCTION memory_store.summarize_session_impl(text, text[], timestamptz, timestamptz, integer, boolean);
DROP FUNCTION memory_store.summarize_texts(text[], integer);

-- plpython3u goes only when this package's deploy created it and nothing
-- else in the database still uses the language.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_extension e
                WHERE e.extname = 'plpython3u'
                  AND pg_catalog.obj_description(e.oid, 'pg_extension') LIKE '%(installed by memory-orchestrator api_summarize)')
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                        WHERE l.lanname = 'plpython3u') THEN
        DROP EXTENSION plpython3u;
    END IF;
END
$$;

COMMIT;
