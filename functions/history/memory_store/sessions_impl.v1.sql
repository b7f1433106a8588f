-- Sessions: the internal implementation of the session API (no audit rows,
-- typed errors) and the dispatch handlers of create_session, end_session,
-- touch_session and get_session. The public functions are in
-- functions/memory/sessions.v1.sql.
--
-- Errors: 22004 a required parameter is missing; 22023 a bad value (id
-- length, control characters, metadata not a JSON object); 54000 metadata or
-- summary too big; MO002 no such session. start_session with an id that
-- another user's session holds: 22023 (validation_error in the envelope,
-- with this message), see start_session_impl.

-- The session row as memory.session_record.
CREATE FUNCTION memory_store.session_record_of(p_session memory_store.sessions)
RETURNS memory.session_record
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT ROW(p_session.session_id, p_session.user_id, p_session.session_type, p_session.created_at,
               p_session.updated_at, p_session.ended_at, p_session.metadata, p_session.summary,
               p_session.is_archived)::memory.session_record
$fn$;

-- start: insert the session, or return the existing one when the same id
-- arrives again for the same user (idempotent; the first call's
-- session_type and metadata stay). The same id for a different user (or a
-- user for a session started without one, and the reverse) raises 22023:
-- the id is a bad value for this caller, and the envelope passes the
-- message on as validation_error (a 23505 storage_error would hide it behind
-- "the database refused the write"). Racing starts of one id never reach
-- the primary key's 23505: ON CONFLICT DO NOTHING waits for the winner, and
-- the loser then takes this same path.
CREATE FUNCTION memory_store.start_session_impl(
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
    v_user_id    text := memory_store.check_id('user_id', p_user_id);
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
        IF v_row.session_id IS NOT NULL THEN
            IF v_row.user_id IS DISTINCT FROM v_user_id THEN
                RAISE EXCEPTION 'session % already exists for another user', quote_literal(v_session_id)
                    USING ERRCODE = 'invalid_parameter_value',
                          HINT = 'start the session with another session_id, or without one to get a generated id';
            END IF;
            RETURN memory_store.session_record_of(v_row);
        END IF;
    END LOOP;
    RAISE EXCEPTION 'session % could not be started: it was removed concurrently', quote_literal(v_session_id)
        USING ERRCODE = 'serialization_failure';
END
$fn$;

-- end: sets ended_at once (ending an ended session keeps the first
-- ended_at), the summary when one is given, and archives when asked
-- (archiving is never undone here).
CREATE FUNCTION memory_store.end_session_impl(p_session_id text, p_summary text, p_archive boolean)
RETURNS memory.session_record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_session_id text := memory_store.check_id('session_id', memory_store.require('session_id', p_session_id));
    v_row        memory_store.sessions;
BEGIN
    IF octet_length(p_summary) > (SELECT l.max_content_bytes FROM memory_store.limits() AS l) THEN
        RAISE EXCEPTION 'summary is % bytes, the limit is %', octet_length(p_summary),
                        (SELECT l.max_content_bytes FROM memory_store.limits() AS l)
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    -- A concurrent end waits for the row lock and then re-evaluates on the
    -- committed row, so coalesce keeps the first ended_at.
    UPDATE memory_store.sessions AS s
       SET ended_at    = coalesce(s.ended_at, now()),
           summary     = coalesce(p_summary, s.summary),
           is_archived = s.is_archived OR coalesce(p_archive, false),
           updated_at  = greatest(s.updated_at, now())
     WHERE s.session_id = v_session_id
    RETURNING s.* INTO v_row;
    IF v_row.session_id IS NULL THEN
        RAISE EXCEPTION 'session % not found', quote_literal(v_session_id) USING ERRCODE = 'MO002';
    END IF;
    RETURN memory_store.session_record_of(v_row);
END
$fn$;

-- touch: moves updated_at to now (never backwards).
CREATE FUNCTION memory_store.touch_session_impl(p_session_id text)
RETURNS memory.session_record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_session_id text := memory_store.check_id('session_id', memory_store.require('session_id', p_session_id));
    v_row        memory_store.sessions;
BEGIN
    UPDATE memory_store.sessions AS s
       SET updated_at = greatest(s.updated_at, now())
     WHERE s.session_id = v_session_id
    RETURNING s.* INTO v_row;
    IF v_row.session_id IS NULL THEN
        RAISE EXCEPTION 'session % not found', quote_literal(v_session_id) USING ERRCODE = 'MO002';
    END IF;
    RETURN memory_store.session_record_of(v_row);
END
$fn$;

-- get: the session (ended and archived sessions included).
CREATE FUNCTION memory_store.get_session_impl(p_session_id text)
RETURNS memory.session_record
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_session_id text := memory_store.check_id('session_id', memory_store.require('session_id', p_session_id));
    v_row        memory_store.sessions;
BEGIN
    SELECT s.* INTO v_row FROM memory_store.sessions AS s WHERE s.session_id = v_session_id;
    IF v_row.session_id IS NULL THEN
        RAISE EXCEPTION 'session % not found', quote_literal(v_session_id) USING ERRCODE = 'MO002';
    END IF;
    RETURN memory_store.session_record_of(v_row);
END
$fn$;

-- The session id of a dispatch request: the envelope's session_id or
-- payload.session_id; both given and different is ambiguous (22023).
CREATE FUNCTION memory_store.dispatch_session_id(p_payload jsonb, p_session_id text, p_required boolean)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_payload_id text := memory_store.payload_text(p_payload, 'session_id');
BEGIN
    IF p_session_id IS NOT NULL AND v_payload_id IS NOT NULL AND p_session_id <> v_payload_id THEN
        RAISE EXCEPTION 'session_id of the envelope and payload.session_id differ'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_required THEN
        RETURN memory_store.require('session_id', coalesce(p_session_id, v_payload_id));
    END IF;
    RETURN coalesce(p_session_id, v_payload_id);
END
$fn$;

-- create_session: payload.user_id, payload.session_metadata (a JSON object;
-- its session_type, a string, sets the session type unless
-- payload.session_type does), the id from the envelope or payload.session_id
-- (else generated). data: the session record.
CREATE FUNCTION memory_store.dispatch_create_session(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_metadata jsonb := memory_store.payload_json(p_payload, 'session_metadata', 'object');
    v_type     text := coalesce(memory_store.payload_text(p_payload, 'session_type'),
                                memory_store.payload_text(v_metadata, 'session_type'),
                                'conversation');
BEGIN
    RETURN to_jsonb(memory_store.start_session_impl(
        memory_store.dispatch_session_id(p_payload, p_session_id, false),
        memory_store.payload_text(p_payload, 'user_id'),
        v_type,
        v_metadata));
END
$fn$;

-- end_session: payload.summary, payload.archive (default false). data: the session record.
CREATE FUNCTION memory_store.dispatch_end_session(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN to_jsonb(memory_store.end_session_impl(
        memory_store.dispatch_session_id(p_payload, p_session_id, true),
        memory_store.payload_text(p_payload, 'summary'),
        memory_store.payload_bool(p_payload, 'archive', false)));
END
$fn$;

-- touch_session: data: the session record.
CREATE FUNCTION memory_store.dispatch_touch_session(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN to_jsonb(memory_store.touch_session_impl(memory_store.dispatch_session_id(p_payload, p_session_id, true)));
END
$fn$;

-- get_session: data: the session record.
CREATE FUNCTION memory_store.dispatch_get_session(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN to_jsonb(memory_store.get_session_impl(memory_store.dispatch_session_id(p_payload, p_session_id, true)));
END
$fn$;
