-- Verify memory-orchestrator:crypto_extension on pg
BEGIN;

SELECT 1 / count(*) FROM pg_catalog.pg_extension
 WHERE extname = 'pgcrypto' AND extnamespace = 'extensions'::regnamespace;

-- The cipher the package uses is there (pgcrypto built with OpenSSL) and round-trips.
DO $$
BEGIN
    IF extensions.pgp_sym_decrypt(
           extensions.pgp_sym_encrypt('verify', 'verify-key-0123456789', 'cipher-algo=aes256, s2k-mode=3, s2k-digest-algo=sha256'),
           'verify-key-0123456789') IS DISTINCT FROM 'verify' THEN
        RAISE EXCEPTION 'pgcrypto does not round-trip pgp_sym_encrypt with aes256';
    END IF;
END
$$;

ROLLBACK;
