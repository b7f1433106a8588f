-- memory_store.encryption_key(p_required boolean DEFAULT true, p_setting
--     text DEFAULT 'memory.encryption_key'::text) RETURNS text
--
-- The caller's key from the setting p_setting (memory.encryption_key, or
-- memory.new_encryption_key for a rotation), as SET / SET LOCAL /
-- set_config(..., true) left it in this session or transaction. With
-- p_required a missing key raises 22004 and a bad one 22023; without, both
-- give NULL. A key kept in role or database settings (ALTER ROLE / ALTER
-- DATABASE ... SET) is refused wherever it is stored: pg_db_role_setting is
-- readable by every role of the cluster, so such a key is no secret.
--
-- Errors:
--   22023 unknown key setting %
--   39004 an encryption key is required: set % for the session or
--   transaction, or give the envelope's %
-- Example:
--   SELECT memory_store.encryption_key(p_required => false) IS NOT NULL;

CREATE OR REPLACE FUNCTION memory_store.encryption_key(p_required boolean DEFAULT true,
                                            p_setting text DEFAULT 'memory.encryption_key')
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_envelope text := CASE p_setting WHEN 'memory.encryption_key' THEN 'encryption_key'
                                      WHEN 'memory.new_encryption_key' THEN 'new_encryption_key' END;
    v_key      text;
    v_problem  text;
BEGIN
    IF v_envelope IS NULL THEN
        RAISE EXCEPTION 'unknown key setting %', quote_literal(left(p_setting, 64)) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_key := nullif(current_setting(p_setting, true), '');
    IF v_key IS NULL THEN
        IF p_required THEN
            RAISE EXCEPTION 'an encryption key is required: set % for the session or transaction, or give the envelope''s %',
                            p_setting, v_envelope
                USING ERRCODE = 'null_value_not_allowed',
                      HINT = format('SELECT set_config(%L, $1, true) with the key as a bind parameter', p_setting);
        END IF;
        RETURN NULL;
    END IF;
    IF length(v_key) NOT BETWEEN 16 AND 1024 THEN
        v_problem := format('%s must be 16 to 1024 characters long', p_setting);
    ELSIF EXISTS (SELECT 1 FROM pg_catalog.pg_db_role_setting AS s, unnest(s.setconfig) AS c(setting)
                   WHERE lower(left(c.setting, length(p_setting) + 1)) = p_setting || '=') THEN
        v_problem := format('%s is stored in role or database settings, which every role can read: '
                            'remove it (ALTER ROLE ... RESET %s, ALTER DATABASE ... RESET %s) and set it per session '
                            'or transaction', p_setting, p_setting, p_setting);
    END IF;
    IF v_problem IS NOT NULL THEN
        IF p_required THEN
            RAISE EXCEPTION '%', v_problem USING ERRCODE = 'invalid_parameter_value';
        END IF;
        RETURN NULL;
    END IF;
    RETURN v_key;
END
$fn$;

COMMENT ON FUNCTION memory_store.encryption_key(p_required boolean, p_setting text) IS 'The caller''s encryption key from memory.encryption_key (or memory.new_encryption_key): 16..1024 characters, set per session or transaction, never stored in role/database settings. Errors (p_required): 22004 not set, 22023 bad or stored.
Example: SELECT memory_store.encryption_key(p_required => false) IS NOT NULL;';
