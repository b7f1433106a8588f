-- memory_store.import_put_session(p_session_id text, p_user_id text,
--     p_created_at timestamp with time zone, p_updated_at timestamp with
--     time zone, p_metadata jsonb, p_summary text, p_session_type text,
--     p_replace boolean) RETURNS text
--
-- Put the session a legacy record names: insert it when missing. With
-- p_replace (the record is the session itself), an existing row that differs
-- (a stub a context item created, or an earlier export) takes every field,
-- updated_at included; without it (a record only refers to the session) an
-- existing row is left alone. Returns 'inserted', 'updated' or 'unchanged'.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.import_put_session('s-1', NULL, now(), now(), NULL, NULL, 'context', false);

CREATE OR REPLACE FUNCTION memory_store.import_put_session(p_session_id text, p_user_id text, p_created_at timestamptz,
                                                           p_updated_at timestamptz, p_metadata jsonb, p_summary text,
                                                           p_session_type text, p_replace boolean)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_old memory_store.sessions%ROWTYPE;
BEGIN
    SELECT * INTO v_old FROM memory_store.sessions s WHERE s.session_id = p_session_id FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO memory_store.sessions (session_id, user_id, created_at, updated_at, metadata, summary, session_type)
        VALUES (p_session_id, p_user_id, p_created_at, p_updated_at, p_metadata, p_summary, p_session_type);
        RETURN 'inserted';
    END IF;
    IF NOT p_replace
       OR (v_old.user_id, v_old.created_at, v_old.updated_at, v_old.metadata, v_old.summary, v_old.session_type)
          IS NOT DISTINCT FROM (p_user_id, p_created_at, p_updated_at, p_metadata, p_summary, p_session_type::varchar) THEN
        RETURN 'unchanged';
    END IF;
    UPDATE memory_store.sessions s
       SET user_id = p_user_id, created_at = p_created_at, updated_at = p_updated_at, metadata = p_metadata,
           summary = p_summary, session_type = p_session_type
     WHERE s.session_id = p_session_id;
    RETURN 'updated';
END
$fn$;

COMMENT ON FUNCTION memory_store.import_put_session(p_session_id text, p_user_id text, p_created_at timestamp with time zone, p_updated_at timestamp with time zone, p_metadata jsonb, p_summary text, p_session_type text, p_replace boolean) IS 'Legacy import: insert a session, or (p_replace) bring an existing one to the record''s fields; returns inserted/updated/unchanged. Example: SELECT memory_store.import_put_session(''s-1'', NULL, now(), now(), NULL, NULL, ''context'', false);';
