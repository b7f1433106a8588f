-- memory_store.encrypt_content(p_memory_id text, p_content jsonb, p_key
--     text) RETURNS bytea
--
-- The ciphertext of one memory's content. The plaintext carries the
-- memory_id, so a ciphertext copied into another row does not decrypt as
-- that row's content (decrypt_content checks it). No compression: the
-- ciphertext length follows the content length (documented), and nothing
-- about the content leaks through how well it compresses.
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.encrypt_content('m-1', '{"text": "secret"}', memory_store.encryption_key());

CREATE OR REPLACE FUNCTION memory_store.encrypt_content(p_memory_id text, p_content jsonb, p_key text)
RETURNS bytea
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT extensions.pgp_sym_encrypt(
               jsonb_build_object('memory_id', p_memory_id, 'content', p_content)::text, p_key,
               'cipher-algo=aes256, s2k-mode=3, s2k-digest-algo=sha256, compress-algo=0')
$fn$;

COMMENT ON FUNCTION memory_store.encrypt_content(p_memory_id text, p_content jsonb, p_key text) IS 'Encrypts a memory''s content with pgp_sym_encrypt (AES-256, iterated salted S2K over SHA-256, no compression), bound to its memory_id.
Example: SELECT memory_store.encrypt_content(''m-1'', ''{"text": "secret"}'', memory_store.encryption_key());';
