-- Verify memory-orchestrator:memory_entries on pg
BEGIN;

SELECT memory_id, session_id, memory_type, content, text_content, source_agent,
       created_at, updated_at, expires_at, priority, is_active
  FROM memory_store.memory_entries
 WHERE false;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_partitioned_table
                    WHERE partrelid = 'memory_store.memory_entries'::regclass AND partstrat = 'r') THEN
        RAISE EXCEPTION 'memory_entries is not range-partitioned';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
                    WHERE i.inhparent = 'memory_store.memory_entries'::regclass
                      AND pg_catalog.pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT') THEN
        RAISE EXCEPTION 'memory_entries has no DEFAULT partition';
    END IF;
    IF (SELECT count(*) FROM pg_catalog.pg_trigger
         WHERE tgrelid = 'memory_store.memory_entries'::regclass
           AND tgname IN ('memory_entries_claim_id', 'memory_entries_release_id', 'memory_entries_keep_id')) <> 3 THEN
        RAISE EXCEPTION 'memory_entries registry triggers are missing';
    END IF;
    IF (SELECT attgenerated FROM pg_catalog.pg_attribute
         WHERE attrelid = 'memory_store.memory_entries'::regclass AND attname = 'text_content') <> 's' THEN
        RAISE EXCEPTION 'memory_entries.text_content is not a stored generated column';
    END IF;
END
$$;

ROLLBACK;
