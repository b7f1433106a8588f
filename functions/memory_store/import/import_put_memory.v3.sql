-- memory_store.import_put_memory(p_memory_id text, p_session_id text,
--     p_memory_type text, p_content jsonb, p_source_agent text,
--     p_created_at timestamp with time zone, p_expires_at timestamp with
--     time zone, p_priority integer) RETURNS text
-- memory_store.import_put_memory(p_memory_id text, p_session_id text,
--     p_memory_type text, p_content jsonb, p_source_agent text,
--     p_created_at timestamp with time zone, p_expires_at timestamp with
--     time zone) RETURNS text
--
-- Put one memory: insert it; or, when the id exists, leave it alone if the
-- source says the same, update it if the content, session, source agent,
-- expiry or priority differ. created_at is immutable and memory_type names
-- what the id is: a record that disagrees on either is refused (23505),
-- never merged (memory_store.import_content checks the content). p_created_at NULL = the source gives no time: now() on
-- insert, any on update. History is not held to the agent API's per-call
-- content limit: the import limit is 1 MiB (1,048,576 bytes) of content
-- JSON per memory. An update runs under the transaction-local setting
-- memory_store.change_operation = 'import' (the version it makes says the
-- import made it); the setting is restored right after the UPDATE. Returns
-- 'inserted', 'updated' or 'unchanged'.
--
-- Errors:
--   23505 memory % already exists with created_at %, the record says %
--   (created_at is immutable)
--   through the functions it calls: 22023, 54000
-- Example:
--   SELECT memory_store.import_put_memory('m-1', NULL, 'context', '{"text": "x"}', NULL, now(), NULL, 5);

CREATE OR REPLACE FUNCTION memory_store.import_put_memory(p_memory_id text, p_session_id text, p_memory_type text,
                                                          p_content jsonb, p_source_agent text,
                                                          p_created_at timestamptz, p_expires_at timestamptz,
                                                          p_priority integer)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_created timestamptz;
    v_row memory_store.memory_entries%ROWTYPE;
    v_operation text := current_setting('memory_store.change_operation', true);
BEGIN
    PERFORM memory_store.import_content(p_content);
    SELECT r.created_at INTO v_created FROM memory_store.memory_registry r WHERE r.memory_id = p_memory_id;
    IF NOT FOUND THEN
        INSERT INTO memory_store.memory_entries (memory_id, session_id, memory_type, content, source_agent,
                                                 created_at, updated_at, expires_at, priority)
        VALUES (p_memory_id, p_session_id, p_memory_type, p_content, p_source_agent,
                coalesce(p_created_at, now()), coalesce(p_created_at, now()), p_expires_at, p_priority);
        RETURN 'inserted';
    END IF;
    IF p_created_at IS NOT NULL AND v_created <> p_created_at THEN
        RAISE EXCEPTION 'memory % already exists with created_at %, the record says % (created_at is immutable)',
                        p_memory_id, v_created, p_created_at
            USING ERRCODE = 'unique_violation';
    END IF;
    SELECT * INTO v_row FROM memory_store.memory_entries m
     WHERE m.memory_id = p_memory_id AND m.created_at = v_created;
    IF v_row.memory_type <> p_memory_type THEN
        RAISE EXCEPTION 'memory % already exists as a % memory, the record makes it %',
                        p_memory_id, v_row.memory_type, p_memory_type
            USING ERRCODE = 'unique_violation';
    END IF;
    IF (v_row.session_id, v_row.content, v_row.source_agent, v_row.expires_at, v_row.priority)
       IS NOT DISTINCT FROM (p_session_id, p_content, p_source_agent, p_expires_at, p_priority) THEN
        RETURN 'unchanged';
    END IF;
    PERFORM set_config('memory_store.change_operation', 'import', true);
    UPDATE memory_store.memory_entries m
       SET session_id = p_session_id, content = p_content, source_agent = p_source_agent, expires_at = p_expires_at,
           priority = p_priority
     WHERE m.memory_id = p_memory_id AND m.created_at = v_created;
    PERFORM set_config('memory_store.change_operation', coalesce(v_operation, ''), true);
    RETURN 'updated';
END
$fn$;

COMMENT ON FUNCTION memory_store.import_put_memory(p_memory_id text, p_session_id text, p_memory_type text, p_content jsonb, p_source_agent text, p_created_at timestamp with time zone, p_expires_at timestamp with time zone, p_priority integer) IS 'Legacy import: insert a memory (content up to 1 MiB), update it when the source differs (change_operation import), or leave it; returns inserted/updated/unchanged. Example: SELECT memory_store.import_put_memory(''m-1'', NULL, ''context'', ''{"text": "x"}'', NULL, now(), NULL, 5);';

CREATE OR REPLACE FUNCTION memory_store.import_put_memory(p_memory_id text, p_session_id text, p_memory_type text,
                                                          p_content jsonb, p_source_agent text,
                                                          p_created_at timestamptz, p_expires_at timestamptz)
RETURNS text
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT memory_store.import_put_memory(p_memory_id, p_session_id, p_memory_type, p_content, p_source_agent,
                                          p_created_at, p_expires_at, 5)
$fn$;

COMMENT ON FUNCTION memory_store.import_put_memory(p_memory_id text, p_session_id text, p_memory_type text, p_content jsonb, p_source_agent text, p_created_at timestamp with time zone, p_expires_at timestamp with time zone) IS 'Legacy import: import_put_memory with priority 5. Example: SELECT memory_store.import_put_memory(''m-1'', NULL, ''context'', ''{"text": "x"}'', NULL, now(), NULL);';
