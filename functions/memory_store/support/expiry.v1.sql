-- memory_store.expiry(p_ttl_seconds integer, p_expires_at timestamp with
--     time zone) RETURNS timestamp with time zone
--
-- ttl in seconds -> expires_at; ttl and expires_at together are ambiguous (22023).
--
-- Errors:
--   22023 give ttl or expires_at, not both
-- Example:
--   memory_store.expiry(p_ttl_seconds, p_expires_at)
--   (as memory_store.create_memory_impl calls it)

CREATE OR REPLACE FUNCTION memory_store.expiry(p_ttl_seconds integer, p_expires_at timestamptz)
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
