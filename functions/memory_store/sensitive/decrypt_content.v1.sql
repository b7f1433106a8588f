-- memory_store.decrypt_content(p_memory_id text, p_cipher bytea, p_key
--     text, p_strict boolean DEFAULT true) RETURNS jsonb
--
-- The content held in p_cipher. A key that does not open it: 42501 with
-- p_strict, NULL without. A ciphertext of another memory: XX001, always.
--
-- Errors:
--   42501 the key does not open it (p_strict; else NULL), XX001 the
--   ciphertext belongs to another memory.
-- Example:
--   SELECT memory_store.decrypt_content(memory_id, content_encrypted, memory_store.encryption_key()) FROM memory_store.memory_entries WHERE memory_id = 'm-1';

CREATE OR REPLACE FUNCTION memory_store.decrypt_content(p_memory_id text, p_cipher bytea, p_key text,
                                             p_strict boolean DEFAULT true)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_plain jsonb;
BEGIN
    BEGIN
        v_plain := extensions.pgp_sym_decrypt(p_cipher, p_key)::jsonb;
    EXCEPTION WHEN external_routine_invocation_exception THEN
        -- pgcrypto's "Wrong key or corrupt data" (39000): the integrity
        -- check (MDC) failed, which a wrong key always makes it do.
        IF coalesce(p_strict, true) THEN
            RAISE EXCEPTION 'the encryption key does not open memory %', quote_literal(p_memory_id)
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NULL;
    END;
    IF v_plain ->> 'memory_id' IS DISTINCT FROM p_memory_id THEN
        RAISE EXCEPTION 'the ciphertext stored for memory % belongs to another memory', quote_literal(p_memory_id)
            USING ERRCODE = 'data_corrupted';
    END IF;
    RETURN v_plain -> 'content';
END
$fn$;

COMMENT ON FUNCTION memory_store.decrypt_content(p_memory_id text, p_cipher bytea, p_key text, p_strict boolean) IS 'Decrypts a sensitive memory''s content. Errors: 42501 the key does not open it (p_strict; else NULL), XX001 the ciphertext belongs to another memory.
Example: SELECT memory_store.decrypt_content(memory_id, content_encrypted, memory_store.encryption_key()) FROM memory_store.memory_entries WHERE memory_id = ''m-1'';';
