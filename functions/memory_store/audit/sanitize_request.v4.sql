-- memory_store.sanitize_request(p_request jsonb, p_depth integer DEFAULT 0)
--     RETURNS jsonb
--
-- The audit log's view of a request: embeddings -> dimension count, content
-- -> keys and size, secret-looking keys (encryption keys too) redacted,
-- strings over 200 chars and arrays over 20 items cut, nesting over 6
-- levels cut, the whole at most 8 KiB. An object is rebuilt in one
-- statement, and a short scalar, in an object or an array, is kept as it is
-- without a further call (the common request: a few ids, flags and tags);
-- no SET clause, the caller's pinned search_path applies.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.sanitize_request('{"content": {"text": "hi"}, "api_key": "x"}');

CREATE OR REPLACE FUNCTION memory_store.sanitize_request(p_request jsonb, p_depth integer DEFAULT 0)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $fn$
DECLARE
    v_result jsonb;
BEGIN
    IF p_request IS NULL THEN
        RETURN NULL;
    END IF;
    IF p_depth > 6 THEN
        RETURN '"[nested too deep]"'::jsonb;
    END IF;
    CASE jsonb_typeof(p_request)
    WHEN 'object' THEN
        SELECT coalesce(jsonb_object_agg(k, CASE
                   WHEN k ~* '(pass(word|wd)?|secret|token|api[_-]?key|auth|credential|private[_-]?key|cookie|session[_-]?key|encrypt)'
                       THEN '"[REDACTED]"'::jsonb
                   WHEN k ~* '(embedding|vector)' AND jsonb_typeof(v) = 'array'
                       THEN jsonb_build_object('dimensions', jsonb_array_length(v))
                   WHEN k = 'content' AND jsonb_typeof(v) = 'object'
                       THEN jsonb_build_object(
                           'keys', (SELECT coalesce(jsonb_agg(ck), '[]') FROM (SELECT left(ck, 64) AS ck FROM jsonb_object_keys(v) AS ck LIMIT 20) AS keys),
                           'bytes', octet_length(v::text))
                   WHEN p_depth < 6 AND (jsonb_typeof(v) IN ('number', 'boolean', 'null')
                                         OR (jsonb_typeof(v) = 'string' AND length(v #>> '{}') <= 200))
                       THEN v
                   ELSE memory_store.sanitize_request(v, p_depth + 1) END), '{}')
          INTO v_result
          FROM (SELECT left(key, 64) AS k, value AS v FROM jsonb_each(p_request) LIMIT 100) AS kv;
    WHEN 'array' THEN
        SELECT coalesce(jsonb_agg(CASE WHEN p_depth < 6 AND (jsonb_typeof(e) IN ('number', 'boolean', 'null')
                                                           OR (jsonb_typeof(e) = 'string' AND length(e #>> '{}') <= 200))
                                       THEN e ELSE memory_store.sanitize_request(e, p_depth + 1) END ORDER BY ord), '[]')
          INTO v_result
          FROM jsonb_array_elements(p_request) WITH ORDINALITY AS t(e, ord)
         WHERE ord <= 20;
        IF jsonb_array_length(p_request) > 20 THEN
            v_result := v_result || jsonb_build_array(format('[%s more]', jsonb_array_length(p_request) - 20));
        END IF;
    WHEN 'string' THEN
        IF length(p_request #>> '{}') > 200 THEN
            v_result := to_jsonb(left(p_request #>> '{}', 200) || format('… [%s chars]', length(p_request #>> '{}')));
        ELSE
            v_result := p_request;
        END IF;
    ELSE
        v_result := p_request;
    END CASE;
    IF p_depth = 0 AND octet_length(v_result::text) > 8192 THEN
        v_result := jsonb_build_object('truncated', true, 'bytes', octet_length(v_result::text),
            'keys', CASE WHEN jsonb_typeof(v_result) = 'object'
                         THEN (SELECT jsonb_agg(k) FROM (SELECT jsonb_object_keys(v_result) AS k LIMIT 50) AS keys) END);
    END IF;
    RETURN v_result;
END
$fn$;

COMMENT ON FUNCTION memory_store.sanitize_request(p_request jsonb, p_depth integer) IS 'The audit log''s view of a request: embeddings -> dimension count, content -> keys and size, secret-looking keys (encryption keys too) redacted, strings over 200 chars and arrays over 20 items cut, nesting over 6 levels cut, the whole at most 8 KiB.
Example: SELECT memory_store.sanitize_request(''{"content": {"text": "hi"}, "api_key": "x"}'');';
