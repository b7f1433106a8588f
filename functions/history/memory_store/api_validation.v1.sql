-- Input validation shared by every API function. Each raises a typed error
-- (SQLSTATE + a message naming the parameter) before anything is written.

-- Bounds, in one place.
CREATE FUNCTION memory_store.limits()
RETURNS TABLE (max_content_bytes integer, embedding_dimensions integer, max_id_length integer,
               max_tags integer, max_tag_length integer, max_page_size integer)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT 65536, 1536, 64, 64, 64, 1000 $fn$;

COMMENT ON FUNCTION memory_store.limits() IS
'The API''s documented bounds: content size (bytes of its JSON text), embedding dimensions, id length, tags per memory, tag length, page size.';

-- A required parameter must not be NULL (22004).
CREATE FUNCTION memory_store.require(p_name text, p_value anyelement)
RETURNS anyelement
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_value IS NULL THEN
        RAISE EXCEPTION '% is required', p_name USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN p_value;
END
$fn$;

-- An identifier (memory, session, user, agent id, tag): 1..64 characters, no control characters (22023).
CREATE FUNCTION memory_store.check_id(p_name text, p_value text, p_max integer DEFAULT 64)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_value IS NULL THEN
        RETURN NULL;
    END IF;
    IF length(p_value) = 0 OR length(p_value) > p_max THEN
        RAISE EXCEPTION '% must be 1 to % characters long, got %', p_name, p_max, length(p_value)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_value ~ '[[:cntrl:]]' THEN
        RAISE EXCEPTION '% must not contain control characters', p_name
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN p_value;
END
$fn$;

-- memory_type must be one of memory_store.memory_types (22023).
CREATE FUNCTION memory_store.check_memory_type(p_memory_type text)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_memory_type IS NULL THEN
        RETURN NULL;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM memory_store.memory_types WHERE memory_type = p_memory_type) THEN
        RAISE EXCEPTION 'unknown memory_type %', quote_literal(left(p_memory_type, 64))
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'one of: ' || (SELECT string_agg(memory_type, ', ' ORDER BY memory_type)
                                          FROM memory_store.memory_types);
    END IF;
    RETURN p_memory_type;
END
$fn$;

-- priority must be 1..10 (22023).
CREATE FUNCTION memory_store.check_priority(p_priority integer)
RETURNS integer
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_priority IS NOT NULL AND p_priority NOT BETWEEN 1 AND 10 THEN
        RAISE EXCEPTION 'priority must be between 1 and 10, got %', p_priority
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN p_priority;
END
$fn$;

-- content must be a JSON object (22023) of at most max_content_bytes (54000);
-- content.text, when present, must be a string (22023).
CREATE FUNCTION memory_store.check_content(p_content jsonb)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_bytes integer;
BEGIN
    IF p_content IS NULL THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(p_content) <> 'object' THEN
        RAISE EXCEPTION 'content must be a JSON object, got %', jsonb_typeof(p_content)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_content ? 'text' AND jsonb_typeof(p_content -> 'text') NOT IN ('string', 'null') THEN
        RAISE EXCEPTION 'content.text must be a string, got %', jsonb_typeof(p_content -> 'text')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_bytes := octet_length(p_content::text);
    IF v_bytes > (SELECT max_content_bytes FROM memory_store.limits()) THEN
        RAISE EXCEPTION 'content is % bytes, the limit is %', v_bytes, (SELECT max_content_bytes FROM memory_store.limits())
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    RETURN p_content;
END
$fn$;

-- An embedding must have embedding_dimensions dimensions (22023); pgvector
-- itself rejects NaN and infinity when the value is built (22000).
CREATE FUNCTION memory_store.check_embedding(p_embedding extensions.vector)
RETURNS extensions.vector
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_embedding IS NOT NULL
       AND extensions.vector_dims(p_embedding) <> (SELECT embedding_dimensions FROM memory_store.limits()) THEN
        RAISE EXCEPTION 'embedding must have % dimensions, got %',
                        (SELECT embedding_dimensions FROM memory_store.limits()), extensions.vector_dims(p_embedding)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN p_embedding;
END
$fn$;

-- A JSON array of finite numbers -> vector, for the JSON envelope (22023).
CREATE FUNCTION memory_store.vector_from_json(p_name text, p_value jsonb)
RETURNS extensions.vector
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_numbers real[];
BEGIN
    IF p_value IS NULL OR jsonb_typeof(p_value) = 'null' THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(p_value) <> 'array' THEN
        RAISE EXCEPTION '% must be an array of numbers', p_name USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(p_value) AS e WHERE jsonb_typeof(e) <> 'number') THEN
        RAISE EXCEPTION '% must contain only numbers (no strings, NaN or null)', p_name
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    BEGIN
        SELECT array_agg(e::text::real ORDER BY ord) INTO v_numbers
          FROM jsonb_array_elements(p_value) WITH ORDINALITY AS t(e, ord);
    EXCEPTION WHEN numeric_value_out_of_range THEN
        RAISE EXCEPTION '% contains a number outside the range of real', p_name
            USING ERRCODE = 'invalid_parameter_value';
    END;
    RETURN memory_store.check_embedding(v_numbers::extensions.vector);
END
$fn$;

-- ttl in seconds -> expires_at; ttl and expires_at together are ambiguous (22023).
CREATE FUNCTION memory_store.expiry(p_ttl_seconds integer, p_expires_at timestamptz)
RETURNS timestamptz
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_ttl_seconds IS NOT NULL AND p_expires_at IS NOT NULL THEN
        RAISE EXCEPTION 'give ttl or expires_at, not both' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_ttl_seconds IS NOT NULL AND p_ttl_seconds <= 0 THEN
        RAISE EXCEPTION 'ttl must be a positive number of seconds, got %', p_ttl_seconds
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN coalesce(p_expires_at, now() + make_interval(secs => p_ttl_seconds));
END
$fn$;

-- The agent on whose behalf the call runs: the setting memory.agent_id when
-- set (SET memory.agent_id = 'planner'), else the login role.
CREATE FUNCTION memory_store.current_agent_id()
RETURNS varchar(64)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT left(coalesce(nullif(current_setting('memory.agent_id', true), ''), session_user::text), 64)::varchar(64)
$fn$;

COMMENT ON FUNCTION memory_store.current_agent_id() IS
'The calling agent: setting memory.agent_id if set, else session_user. Recorded in the audit log and used as source_agent default.';
