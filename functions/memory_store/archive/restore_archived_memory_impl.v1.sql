-- memory_store.restore_archived_memory_impl(p_memory_id text) RETURNS
--     memory.memory_record
--
-- Restores one archived memory to the hot tables (with its embedding; its
-- tags and relationships never left) and un-archives its session, whose
-- other archived memories stay archived until restored. A memory that is
-- already hot is returned unchanged (idempotent retries); MO001 when the id
-- is neither, or the archived memory has expired.
--
-- Errors:
--   MO001 archived memory % has expired
--   through the functions it calls: 22023, 39004, 55000
-- Example:
--   memory_store.restore_archived_memory_impl(p_memory_id)
--   (as memory.restore_archived_memory calls it)

CREATE OR REPLACE FUNCTION memory_store.restore_archived_memory_impl(p_memory_id text)
RETURNS memory.memory_record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_session_id text;
    v_expires_at timestamptz;
BEGIN
    PERFORM memory_store.check_id('memory_id', memory_store.require('memory_id', p_memory_id));
    SELECT a.session_id::text, a.expires_at INTO v_session_id, v_expires_at
      FROM memory_archive.memory_entries a WHERE a.memory_id = p_memory_id;
    IF FOUND THEN
        IF v_expires_at <= now() THEN
            RAISE EXCEPTION 'archived memory % has expired', quote_literal(p_memory_id) USING ERRCODE = 'MO001';
        END IF;
        -- The session first, FOR UPDATE: the archive job holds it FOR KEY
        -- SHARE while it moves the session's memories, so the two serialize.
        PERFORM 1 FROM memory_store.sessions s WHERE s.session_id = v_session_id FOR UPDATE;
        PERFORM memory_store.archive_restore(ARRAY[p_memory_id]);
    END IF;
    RETURN memory_store.read_memory_impl(p_memory_id, true);
END
$fn$;
