-- Legacy import, shared parts: lenient field readers (timestamps, ids, tags,
-- embeddings), stable ids for rows the source does not name, and the
-- "put" helpers that insert a row, update it when the source differs, or
-- leave it alone when it is already there unchanged (idempotent imports).
-- Every reader raises a typed error naming the field, which the importer
-- turns into the record's reject reason.

-- A timestamp as the legacy systems write it: ISO-8601 with or without a zone
-- (no zone = UTC), or Unix epoch seconds (JSON number, or a numeric string).
-- PostgreSQL's special inputs ('now', 'epoch', 'infinity') are not accepted:
-- an import must give the same answer every time it runs.
CREATE FUNCTION memory_store.import_timestamp(p_field text, p_value jsonb)
RETURNS timestamptz
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v text;
    v_epoch double precision;
BEGIN
    IF p_value IS NULL OR jsonb_typeof(p_value) = 'null' THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(p_value) = 'number' THEN
        v := p_value::text;
    ELSIF jsonb_typeof(p_value) = 'string' THEN
        v := btrim(p_value #>> '{}');
    ELSE
        RAISE EXCEPTION '%: expected an ISO-8601 string or epoch seconds, got %', p_field, jsonb_typeof(p_value)
            USING ERRCODE = 'invalid_datetime_format';
    END IF;
    IF v ~ '^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$' THEN
        v_epoch := v::double precision;
        IF abs(v_epoch) > 1e11 THEN   -- past the year 5138: not epoch seconds
            RAISE EXCEPTION '%: epoch seconds % out of range', p_field, v USING ERRCODE = 'datetime_field_overflow';
        END IF;
        RETURN to_timestamp(v_epoch);
    END IF;
    IF jsonb_typeof(p_value) = 'number'
       OR v !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)? ?([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?$' THEN
        RAISE EXCEPTION '%: % is neither an ISO-8601 timestamp nor epoch seconds', p_field, p_value::text
            USING ERRCODE = 'invalid_datetime_format';
    END IF;
    IF v ~ '[Tt ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$' THEN
        RETURN v::timestamptz;                       -- the zone is in the string
    END IF;
    RETURN v::timestamp AT TIME ZONE 'UTC';          -- no zone: UTC
END
$fn$;

COMMENT ON FUNCTION memory_store.import_timestamp(text, jsonb) IS
'Legacy import: ISO-8601 (no zone = UTC) or epoch seconds -> timestamptz; NULL for null. Example: SELECT memory_store.import_timestamp(''created_at'', ''1709284500.25'');';

-- A text field: strings as they are, numbers as their text (a numeric id is
-- clearly meant as the id). Missing/null and required -> 22004; another JSON
-- type -> 22023; longer than p_max -> 22001.
CREATE FUNCTION memory_store.import_text(p_record jsonb, p_field text, p_required boolean DEFAULT false,
                                         p_max integer DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v jsonb := p_record -> p_field;
    v_text text;
BEGIN
    IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
        IF p_required THEN
            RAISE EXCEPTION 'missing required field %', p_field USING ERRCODE = 'null_value_not_allowed';
        END IF;
        RETURN NULL;
    END IF;
    IF jsonb_typeof(v) NOT IN ('string', 'number') THEN
        RAISE EXCEPTION '%: expected a string, got %', p_field, jsonb_typeof(v) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_text := v #>> '{}';
    IF p_required AND v_text = '' THEN
        RAISE EXCEPTION 'missing required field % (empty string)', p_field USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF p_max IS NOT NULL AND length(v_text) > p_max THEN
        RAISE EXCEPTION '%: longer than % characters', p_field, p_max USING ERRCODE = 'string_data_right_truncation';
    END IF;
    RETURN v_text;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_text(jsonb, text, boolean, integer) IS
'Legacy import: a string (or number) field of a record, checked. Example: SELECT memory_store.import_text(''{"user_id": "u-42"}'', ''user_id'', true, 64);';

-- A JSON object field (NULL when absent or null; 22023 for another type).
CREATE FUNCTION memory_store.import_object(p_record jsonb, p_field text)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v jsonb := p_record -> p_field;
BEGIN
    IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(v) <> 'object' THEN
        RAISE EXCEPTION '%: expected an object, got %', p_field, jsonb_typeof(v) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN v;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_object(jsonb, text) IS
'Legacy import: an object field of a record, or NULL. Example: SELECT memory_store.import_object(''{"session_data": {"device": "x"}}'', ''session_data'');';

-- The fields of a record the mapping does not know, as one object (or NULL):
-- they are kept in the target's JSONB under "legacy_extra", never lost.
CREATE FUNCTION memory_store.import_extra(p_record jsonb, p_known text[])
RETURNS jsonb
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT CASE WHEN p_record - p_known = '{}'::jsonb THEN NULL ELSE p_record - p_known END
$fn$;

COMMENT ON FUNCTION memory_store.import_extra(jsonb, text[]) IS
'Legacy import: the unknown fields of a record, or NULL. Example: SELECT memory_store.import_extra(''{"a": 1, "b": 2}'', ARRAY[''a'']);';

-- Tags: absent/null = none; otherwise an array of non-empty strings of at
-- most 64 characters, duplicates dropped, order kept.
CREATE FUNCTION memory_store.import_tags(p_field text, p_value jsonb)
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_tags text[];
BEGIN
    IF p_value IS NULL OR jsonb_typeof(p_value) = 'null' THEN
        RETURN ARRAY[]::text[];
    END IF;
    IF jsonb_typeof(p_value) <> 'array' THEN
        RAISE EXCEPTION '%: expected an array of strings, got %', p_field, jsonb_typeof(p_value)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(p_value) e
                WHERE jsonb_typeof(e) <> 'string' OR e #>> '{}' = '' OR length(e #>> '{}') > 64) THEN
        RAISE EXCEPTION '%: every tag must be a non-empty string of at most 64 characters', p_field
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT coalesce(array_agg(tag ORDER BY first_pos), ARRAY[]::text[]) INTO v_tags
      FROM (SELECT e #>> '{}' AS tag, min(pos) AS first_pos
              FROM jsonb_array_elements(p_value) WITH ORDINALITY AS t(e, pos)
             GROUP BY 1) AS d;
    RETURN v_tags;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_tags(text, jsonb) IS
'Legacy import: a tag array, checked and deduplicated. Example: SELECT memory_store.import_tags(''tags'', ''["a", "b", "a"]'');';

-- An embedding: absent/null = none; otherwise exactly 1536 finite numbers
-- (limits().embedding_dimensions). JSON has no NaN or infinity; a number
-- beyond the range of real is refused by pgvector.
CREATE FUNCTION memory_store.import_vector(p_field text, p_value jsonb)
RETURNS extensions.vector
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_dims integer := (SELECT embedding_dimensions FROM memory_store.limits());
    v_message text;
BEGIN
    IF p_value IS NULL OR jsonb_typeof(p_value) = 'null' THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(p_value) <> 'array' THEN
        RAISE EXCEPTION '%: expected an array of % numbers, got %', p_field, v_dims, jsonb_typeof(p_value)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF jsonb_array_length(p_value) <> v_dims THEN
        RAISE EXCEPTION '%: expected % numbers, got %', p_field, v_dims, jsonb_array_length(p_value)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    BEGIN
        RETURN p_value::text::extensions.vector;      -- jsonb prints numbers in a form vector_in reads
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_message = MESSAGE_TEXT;
        RAISE EXCEPTION '%: must contain only finite numbers in the range of real (%)', p_field,
                        left(v_message, 120)
            USING ERRCODE = 'invalid_parameter_value';
    END;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_vector(text, jsonb) IS
'Legacy import: a JSON array of exactly 1536 finite numbers -> vector, NULL for null. Example: SELECT memory_store.import_vector(''embedding'', NULL);';

-- Stable ids for rows the source does not name: the natural id when it fits
-- in 64 characters, else a fixed-length hash of it.
CREATE FUNCTION memory_store.import_stable_id(p_natural text)
RETURNS varchar(64)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT (CASE WHEN length(p_natural) <= 64 THEN p_natural ELSE 'imp-' || md5(p_natural) END)::varchar(64)
$fn$;

COMMENT ON FUNCTION memory_store.import_stable_id(text) IS
'Legacy import: the id itself if at most 64 characters, else ''imp-'' || md5(id). Example: SELECT memory_store.import_stable_id(''sma-s-001-0'');';

-- The three id schemes, in one place for the importers and the reconciliation.
CREATE FUNCTION memory_store.import_turn_id(p_session_id text, p_index integer)
RETURNS varchar(64)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT memory_store.import_stable_id('sma-' || p_session_id || '-' || p_index) $fn$;

COMMENT ON FUNCTION memory_store.import_turn_id(text, integer) IS
'Legacy import: memory id of turn p_index (0-based) of a SessionMemoryAgent session. Example: SELECT memory_store.import_turn_id(''s-001'', 0);';

CREATE FUNCTION memory_store.import_entity_id(p_user_id text, p_entity text)
RETURNS varchar(64)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT memory_store.import_stable_id('jarvis-' || p_user_id || '-entity-' || md5(p_entity)) $fn$;

COMMENT ON FUNCTION memory_store.import_entity_id(text, text) IS
'Legacy import: memory id of a jarvis entity of a user. Example: SELECT memory_store.import_entity_id(''u-42'', ''Leeds'');';

CREATE FUNCTION memory_store.import_interaction_id(p_user_id text, p_index integer)
RETURNS varchar(64)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT memory_store.import_stable_id('jarvis-' || p_user_id || '-interaction-' || p_index) $fn$;

COMMENT ON FUNCTION memory_store.import_interaction_id(text, integer) IS
'Legacy import: memory id of interaction p_index (0-based) of a jarvis user. Example: SELECT memory_store.import_interaction_id(''u-42'', 0);';

CREATE FUNCTION memory_store.import_user_session_id(p_user_id text)
RETURNS varchar(64)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT memory_store.import_stable_id('jarvis-' || p_user_id) $fn$;

COMMENT ON FUNCTION memory_store.import_user_session_id(text) IS
'Legacy import: the session that holds a jarvis user''s entities and interactions (so they belong to the user). Example: SELECT memory_store.import_user_session_id(''u-42'');';

-- JSON text -> jsonb, NULL when it does not parse (for the reconciliation,
-- which counts what every parsable record names).
CREATE FUNCTION memory_store.import_try_jsonb(p_raw text)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    RETURN p_raw::jsonb;
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_try_jsonb(text) IS
'Legacy import: parse JSON text, NULL when it is not valid JSON. Example: SELECT memory_store.import_try_jsonb(''{"a": 1'');';

-- Put one memory: insert it; or, when the id exists, leave it alone if the
-- source says the same, update it if the content, session, source agent or
-- expiry differ. created_at is immutable and memory_type names what the id
-- is: a record that disagrees on either is refused (23505), never merged.
-- p_created_at NULL = the source gives no time: now() on insert, any on update.
-- Returns 'inserted', 'updated' or 'unchanged'.
CREATE FUNCTION memory_store.import_put_memory(p_memory_id text, p_session_id text, p_memory_type text,
                                               p_content jsonb, p_source_agent text,
                                               p_created_at timestamptz, p_expires_at timestamptz)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_created timestamptz;
    v_row memory_store.memory_entries%ROWTYPE;
BEGIN
    PERFORM memory_store.check_content(p_content);
    SELECT r.created_at INTO v_created FROM memory_store.memory_registry r WHERE r.memory_id = p_memory_id;
    IF NOT FOUND THEN
        INSERT INTO memory_store.memory_entries (memory_id, session_id, memory_type, content, source_agent,
                                                 created_at, updated_at, expires_at)
        VALUES (p_memory_id, p_session_id, p_memory_type, p_content, p_source_agent,
                coalesce(p_created_at, now()), coalesce(p_created_at, now()), p_expires_at);
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
    IF (v_row.session_id, v_row.content, v_row.source_agent, v_row.expires_at)
       IS NOT DISTINCT FROM (p_session_id, p_content, p_source_agent, p_expires_at) THEN
        RETURN 'unchanged';
    END IF;
    UPDATE memory_store.memory_entries m
       SET session_id = p_session_id, content = p_content, source_agent = p_source_agent, expires_at = p_expires_at
     WHERE m.memory_id = p_memory_id AND m.created_at = v_created;
    RETURN 'updated';
END
$fn$;

COMMENT ON FUNCTION memory_store.import_put_memory(text, text, text, jsonb, text, timestamptz, timestamptz) IS
'Legacy import: insert a memory, update it when the source differs, or leave it; returns inserted/updated/unchanged. Example: SELECT memory_store.import_put_memory(''m-1'', NULL, ''context'', ''{"text": "x"}'', NULL, now(), NULL);';

-- Add the tags a memory lacks (never removes one an agent added since).
-- Returns how many were added.
CREATE FUNCTION memory_store.import_put_tags(p_memory_id text, p_tags text[])
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_added integer;
BEGIN
    INSERT INTO memory_store.memory_tags (memory_id, tag)
    SELECT p_memory_id, t.tag
      FROM unnest(p_tags) WITH ORDINALITY AS t(tag, pos)
     WHERE NOT EXISTS (SELECT 1 FROM memory_store.memory_tags x WHERE x.memory_id = p_memory_id AND x.tag = t.tag)
     ORDER BY t.pos
    ON CONFLICT ON CONSTRAINT unique_memory_tag DO NOTHING;
    GET DIAGNOSTICS v_added = ROW_COUNT;
    RETURN v_added;
END
$fn$;

COMMENT ON FUNCTION memory_store.import_put_tags(text, text[]) IS
'Legacy import: add the missing tags of a memory; returns the number added. Example: SELECT memory_store.import_put_tags(''m-1'', ARRAY[''a'']);';

-- Put the embedding of a memory for one model: insert, update or leave.
CREATE FUNCTION memory_store.import_put_embedding(p_memory_id text, p_embedding extensions.vector,
                                                  p_model text, p_created_at timestamptz)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_old extensions.vector;
BEGIN
    SELECT e.embedding INTO v_old FROM memory_store.vector_embeddings e
     WHERE e.memory_id = p_memory_id AND e.embedding_model = p_model;
    IF NOT FOUND THEN
        INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model, created_at)
        VALUES (p_memory_id, p_embedding, p_model, coalesce(p_created_at, now()));
        RETURN 'inserted';
    END IF;
    IF v_old OPERATOR(extensions.=) p_embedding THEN
        RETURN 'unchanged';
    END IF;
    UPDATE memory_store.vector_embeddings e SET embedding = p_embedding
     WHERE e.memory_id = p_memory_id AND e.embedding_model = p_model;
    RETURN 'updated';
END
$fn$;

COMMENT ON FUNCTION memory_store.import_put_embedding(text, extensions.vector, text, timestamptz) IS
'Legacy import: insert, update or keep the embedding of a memory for a model. Example: SELECT memory_store.import_put_embedding(''m-1'', NULL, ''text-embedding-ada-002'', now());';

-- Fold the outcomes of a record's writes into its status.
CREATE FUNCTION memory_store.import_status(p_outcomes text[])
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT CASE WHEN 'inserted' = ANY (p_outcomes) THEN 'imported'
                WHEN 'updated' = ANY (p_outcomes) THEN 'updated'
                ELSE 'skipped' END
$fn$;

COMMENT ON FUNCTION memory_store.import_status(text[]) IS
'Legacy import: imported if anything was inserted, updated if only updated, else skipped (a duplicate). Example: SELECT memory_store.import_status(ARRAY[''unchanged'']);';
