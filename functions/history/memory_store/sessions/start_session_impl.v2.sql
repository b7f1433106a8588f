-- memory_store.start_session_impl(p_session_id text, p_user_id text,
--     p_session_type text, p_metadata jsonb) RETURNS memory.session_record
--
-- start: insert the session, or return the existing one when the same id
-- arrives again for the same user (idempotent; the first call's
-- session_type and metadata stay). No user given: the user the caller acts
-- for (memory.act_as), if any; a user other than that one: 42501 (the
-- policy's WITH CHECK). The same id for a different user (or a
-- user for a session started without one, and the reverse), or held by a
-- session the caller cannot see, raises 22023:
-- the id is a bad value for this caller, and the envelope passes the
-- message on as validation_error (a 23505 storage_error would hide it behind
-- "the database refused the write"). Racing starts of one id never reach
-- the primary key's 23505: ON CONFLICT DO NOTHING waits for the winner, and
-- the loser then takes this same path.
--
-- Errors:
--   22023 metadata must be a JSON object, got %
--   54000 metadata is % bytes, the limit is %
--   40001 session % could not be started: it was removed concurrently
--   through the functions it calls: 39004
-- Example:
--   memory_store.start_session_impl(p_session_id, p_user_id,
--       p_session_type, p_metadata)
--   (as memory.start_session calls it)

CREATE OR REPLACE FUNCTION memory_store.start_session_impl(
    p_session_id text,
    p_user_id text,
    p_session_type text,
    p_metadata jsonb)
RETURNS memory.session_record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_session_id text := memory_store.check_id('session_id', p_session_id);
    v_user_id    text := coalesce(memory_store.check_id('user_id', p_user_id), memory_store.current_tenant());
    v_type       text := memory_store.check_id('session_type', memory_store.require('session_type', p_session_type), 32);
    v_row        memory_store.sessions;
    v_bytes      integer;
BEGIN
    IF p_metadata IS NOT NULL THEN
        IF jsonb_typeof(p_metadata) <> 'object' THEN
            RAISE EXCEPTION 'metadata must be a JSON object, got %', jsonb_typeof(p_metadata)
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        v_bytes := octet_length(p_metadata::text);
        IF v_bytes > (SELECT l.max_content_bytes FROM memory_store.limits() AS l) THEN
            RAISE EXCEPTION 'metadata is % bytes, the limit is %', v_bytes,
                            (SELECT l.max_content_bytes FROM memory_store.limits() AS l)
                USING ERRCODE = 'program_limit_exceeded';
        END IF;
    END IF;
    v_session_id := coalesce(v_session_id, 's-' || gen_random_uuid()::text);

    -- ON CONFLICT DO NOTHING waits for a concurrent insert of the same id to
    -- commit or abort; the following SELECT (a new snapshot) then sees the
    -- winner. The loop covers the rare case that the winner was deleted in
    -- between.
    FOR attempt IN 1 .. 3 LOOP
        INSERT INTO memory_store.sessions AS s (session_id, user_id, session_type, metadata)
        VALUES (v_session_id, v_user_id, v_type, p_metadata)
        ON CONFLICT (session_id) DO NOTHING
        RETURNING s.* INTO v_row;
        IF v_row.session_id IS NOT NULL THEN
            RETURN memory_store.session_record_of(v_row);
        END IF;
        SELECT s.* INTO v_row FROM memory_store.sessions AS s WHERE s.session_id = v_session_id;
        IF v_row.session_id IS NOT NULL AND v_row.user_id IS NOT DISTINCT FROM v_user_id THEN
            RETURN memory_store.session_record_of(v_row);
        END IF;
        -- Another user's session, visible (a superuser acting for nobody)
        -- or not: one answer.
        IF v_row.session_id IS NOT NULL OR memory_store.session_id_taken(v_session_id) THEN
            RAISE EXCEPTION 'session % already exists for another user', quote_literal(v_session_id)
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'start the session with another session_id, or without one to get a generated id';
        END IF;
    END LOOP;
    RAISE EXCEPTION 'session % could not be started: it was removed concurrently', quote_literal(v_session_id)
        USING ERRCODE = 'serialization_failure';
END
$fn$;
