-- memory_store.sanitize_request(p_request jsonb, p_depth integer DEFAULT 0)
--     RETURNS jsonb
--
-- The audit log's view of a request: embeddings -> dimension count, content
-- -> keys and size, secret-looking keys (encryption keys too) redacted,
-- strings over 200 chars and arrays over 20 items cut, nesting over 6
-- levels cut, the whole at most 8 KiB. A short scalar value of an object
-- is kept as it is without a further call (the common request: a few ids
-- and flags); no SET clause, the caller's pinned search_path applies.
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
    v_key text;
    v_value jsonb;
BEGIN
    IF p_request IS NULL THEN
        RETURN NULL;
    END IF;
    IF p_depth > 6 THEN
        RETURN '"[nested too deep]"'::jsonb;
    END IF;
    CASE jsonb_typeof(p_request)
    WHEN 'object' THEN
        v_result := '{}'::jsonb;
        FOR v_key, v_value IN SELECT key, value FROM jsonb_each(p_request) LIMIT 100 LOOP
            v_key := left(v_key, 64);
            IF v_key ~* '(pass(word|wd)?|secret|token|api[_-]?key|auth|credential|private[_-]?key|cookie|session[_-]?key|encrypt)' THEN
                v_result := v_result || jsonb_build_object(v_key, '[REDACTED]');
            ELSIF v_key ~* '(embedding|vector)' AND jsonb_typeof(v_value) = 'array' THEN
                v_result := v_result || jsonb_build_object(v_key, jsonb_build_object('dimensions', jsonb_array_length(v_value)));
            ELSIF v_key = 'content' AND jsonb_typeof(v_value) = 'object' THEN
                v_result := v_result || jsonb_build_object(v_key, jsonb_build_object(
                    'keys', (SELECT coalesce(jsonb_agg(k), '[]') FROM (SELECT left(k, 64) AS k FROM jsonb_object_keys(v_value) AS k LIMIT 20) AS keys),
                    'bytes', octet_length(v_value::text)));
            ELSIF p_depth < 6
                  AND (jsonb_typeof(v_value) IN ('number', 'boolean', 'null')
                       OR (jsonb_typeof(v_value) = 'string' AND length(v_value #>> '{}') <= 200)) THEN
                v_result := v_result || jsonb_build_object(v_key, v_value);
            ELSE
                v_result := v_result || jsonb_build_object(v_key, memory_store.sanitize_request(v_value, p_depth + 1));
            END IF;
        END LOOP;
    WHEN 'array' THEN
        SELECT coalesce(jsonb_agg(memory_store.sanitize_request(e, p_depth + 1) ORDER BY ord), '[]') INTO v_result
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
