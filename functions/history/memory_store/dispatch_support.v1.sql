-- Small helpers of memory.dispatch and its handlers.

-- A JSON scalar as text when it is a string (else NULL): ids taken from a
-- client's JSON must not turn objects or numbers into ids.
CREATE FUNCTION memory_store.json_text(p_value jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT CASE WHEN jsonb_typeof(p_value) = 'string' THEN p_value #>> '{}' END $fn$;

-- The envelope's timestamp: ISO-8601, UTC, microseconds.
CREATE FUNCTION memory_store.iso_now()
RETURNS text
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $fn$;

-- Typed access to a payload field, with a clear error when it has the wrong
-- JSON type: payload_text / payload_int / payload_bool / payload_object /
-- payload_array (22023 on a wrong type, 22004 when required and missing).
CREATE FUNCTION memory_store.payload_text(p_payload jsonb, p_key text, p_required boolean DEFAULT false)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF jsonb_typeof(p_payload -> p_key) IS NULL OR jsonb_typeof(p_payload -> p_key) = 'null' THEN
        IF p_required THEN
            RAISE EXCEPTION '% is required', p_key USING ERRCODE = 'null_value_not_allowed';
        END IF;
        RETURN NULL;
    END IF;
    IF jsonb_typeof(p_payload -> p_key) <> 'string' THEN
        RAISE EXCEPTION '% must be a string, got %', p_key, jsonb_typeof(p_payload -> p_key)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN p_payload ->> p_key;
END
$fn$;

CREATE FUNCTION memory_store.payload_int(p_payload jsonb, p_key text, p_required boolean DEFAULT false)
RETURNS integer
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF jsonb_typeof(p_payload -> p_key) IS NULL OR jsonb_typeof(p_payload -> p_key) = 'null' THEN
        IF p_required THEN
            RAISE EXCEPTION '% is required', p_key USING ERRCODE = 'null_value_not_allowed';
        END IF;
        RETURN NULL;
    END IF;
    IF jsonb_typeof(p_payload -> p_key) <> 'number' OR (p_payload ->> p_key) !~ '^-?[0-9]{1,9}$' THEN
        RAISE EXCEPTION '% must be an integer', p_key USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN (p_payload ->> p_key)::integer;
END
$fn$;

CREATE FUNCTION memory_store.payload_bool(p_payload jsonb, p_key text, p_default boolean DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF jsonb_typeof(p_payload -> p_key) IS NULL OR jsonb_typeof(p_payload -> p_key) = 'null' THEN
        RETURN p_default;
    END IF;
    IF jsonb_typeof(p_payload -> p_key) <> 'boolean' THEN
        RAISE EXCEPTION '% must be true or false', p_key USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN (p_payload -> p_key)::boolean;
END
$fn$;

CREATE FUNCTION memory_store.payload_json(p_payload jsonb, p_key text, p_type text, p_required boolean DEFAULT false)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF jsonb_typeof(p_payload -> p_key) IS NULL OR jsonb_typeof(p_payload -> p_key) = 'null' THEN
        IF p_required THEN
            RAISE EXCEPTION '% is required', p_key USING ERRCODE = 'null_value_not_allowed';
        END IF;
        RETURN NULL;
    END IF;
    IF jsonb_typeof(p_payload -> p_key) <> p_type THEN
        RAISE EXCEPTION '% must be a JSON %, got %', p_key, p_type, jsonb_typeof(p_payload -> p_key)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN p_payload -> p_key;
END
$fn$;

-- A JSON array of strings -> text[] (22023 on anything else).
CREATE FUNCTION memory_store.payload_text_array(p_payload jsonb, p_key text)
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_value jsonb := memory_store.payload_json(p_payload, p_key, 'array');
BEGIN
    IF v_value IS NULL THEN
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(v_value) AS e WHERE jsonb_typeof(e) <> 'string') THEN
        RAISE EXCEPTION '% must be an array of strings', p_key USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN ARRAY(SELECT jsonb_array_elements_text(v_value));
END
$fn$;

-- A JSON timestamp string -> timestamptz (22023 on anything else).
CREATE FUNCTION memory_store.payload_timestamp(p_payload jsonb, p_key text)
RETURNS timestamptz
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_text text := memory_store.payload_text(p_payload, p_key);
BEGIN
    IF v_text IS NULL THEN
        RETURN NULL;
    END IF;
    BEGIN
        RETURN v_text::timestamptz;
    EXCEPTION WHEN OTHERS THEN
        RAISE EXCEPTION '% must be an ISO-8601 timestamp', p_key USING ERRCODE = 'invalid_parameter_value';
    END;
END
$fn$;

-- The health action: the package answers and knows its versions.
CREATE FUNCTION memory_store.dispatch_health(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT jsonb_build_object(
        'healthy', true,
        'postgres_version', current_setting('server_version'),
        'pgvector_version', (SELECT extversion FROM pg_extension WHERE extname = 'vector'),
        'actions', (SELECT jsonb_agg(action ORDER BY action) FROM memory_store.dispatch_actions))
$fn$;

-- The tags of a memory, sorted (empty array when it has none).
CREATE FUNCTION memory_store.tags_of(p_memory_id text)
RETURNS text[]
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT coalesce(array_agg(t.tag::text ORDER BY t.tag), '{}')
      FROM memory_store.memory_tags t WHERE t.memory_id = p_memory_id
$fn$;
