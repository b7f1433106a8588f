-- Sensitive memories: content encrypted at rest with pgcrypto (OpenPGP
-- symmetric encryption, AES-256, iterated and salted S2K with SHA-256)
-- under a key the caller supplies per session or transaction in the setting
-- memory.encryption_key. The key is never stored, logged or put into a
-- message by these functions. A sensitive row keeps the stub
-- {"encrypted": true} as its content (so text_content, keyword search and
-- summaries never see the plaintext) and the ciphertext in
-- content_encrypted; the table's CHECK memory_entries_sensitive_check holds
-- every writer to that.
--
-- Errors: 22004 the key is needed and not set; 22023 a key outside
-- 16..1024 characters, or one stored in role / database settings; 42501 the
-- key does not open the memory; XX001 a ciphertext that belongs to another
-- memory (moved between rows).

-- What a sensitive memory's content column holds.
CREATE FUNCTION memory_store.sensitive_stub()
RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT '{"encrypted": true}'::jsonb $fn$;

COMMENT ON FUNCTION memory_store.sensitive_stub() IS
$$The content column of a sensitive memory: {"encrypted": true}; the plaintext is only in content_encrypted, encrypted.
Example: SELECT memory_store.sensitive_stub();$$;

-- The caller's key from the setting p_setting (memory.encryption_key, or
-- memory.new_encryption_key for a rotation), as SET / SET LOCAL /
-- set_config(..., true) left it in this session or transaction. With
-- p_required a missing key raises 22004 and a bad one 22023; without, both
-- give NULL. A key kept in role or database settings (ALTER ROLE / ALTER
-- DATABASE ... SET) is refused wherever it is stored: pg_db_role_setting is
-- readable by every role of the cluster, so such a key is no secret.
CREATE FUNCTION memory_store.encryption_key(p_required boolean DEFAULT true,
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

COMMENT ON FUNCTION memory_store.encryption_key(boolean, text) IS
$$The caller's encryption key from memory.encryption_key (or memory.new_encryption_key): 16..1024 characters, set per session or transaction, never stored in role/database settings. Errors (p_required): 22004 not set, 22023 bad or stored.
Example: SELECT memory_store.encryption_key(p_required => false) IS NOT NULL;$$;

-- The ciphertext of one memory's content. The plaintext carries the
-- memory_id, so a ciphertext copied into another row does not decrypt as
-- that row's content (decrypt_content checks it). No compression: the
-- ciphertext length follows the content length (documented), and nothing
-- about the content leaks through how well it compresses.
CREATE FUNCTION memory_store.encrypt_content(p_memory_id text, p_content jsonb, p_key text)
RETURNS bytea
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT extensions.pgp_sym_encrypt(
               jsonb_build_object('memory_id', p_memory_id, 'content', p_content)::text, p_key,
               'cipher-algo=aes256, s2k-mode=3, s2k-digest-algo=sha256, compress-algo=0')
$fn$;

COMMENT ON FUNCTION memory_store.encrypt_content(text, jsonb, text) IS
$$Encrypts a memory's content with pgp_sym_encrypt (AES-256, iterated salted S2K over SHA-256, no compression), bound to its memory_id.
Example: SELECT memory_store.encrypt_content('m-1', '{"text": "secret"}', memory_store.encryption_key());$$;

-- The content held in p_cipher. A key that does not open it: 42501 with
-- p_strict, NULL without. A ciphertext of another memory: XX001, always.
CREATE FUNCTION memory_store.decrypt_content(p_memory_id text, p_cipher bytea, p_key text,
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

COMMENT ON FUNCTION memory_store.decrypt_content(text, bytea, text, boolean) IS
$$Decrypts a sensitive memory's content. Errors: 42501 the key does not open it (p_strict; else NULL), XX001 the ciphertext belongs to another memory.
Example: SELECT memory_store.decrypt_content(memory_id, content_encrypted, memory_store.encryption_key()) FROM memory_store.memory_entries WHERE memory_id = 'm-1';$$;

-- The ciphertext of a memory as read_memory_impl returns it, NULL when the
-- memory is not sensitive. Only a record whose content is the stub costs a
-- lookup (primary key, one partition).
CREATE FUNCTION memory_store.sensitive_cipher(p_memory memory.memory_record)
RETURNS bytea
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_cipher bytea;
BEGIN
    IF p_memory.memory_id IS NULL OR p_memory.content IS DISTINCT FROM memory_store.sensitive_stub() THEN
        RETURN NULL;
    END IF;
    SELECT e.content_encrypted INTO v_cipher
      FROM memory_store.memory_entries e
     WHERE e.memory_id = p_memory.memory_id AND e.created_at = p_memory.created_at AND e.is_sensitive;
    RETURN v_cipher;
END
$fn$;

COMMENT ON FUNCTION memory_store.sensitive_cipher(memory.memory_record) IS
$$The stored ciphertext of a memory record when the memory is sensitive, else NULL.
Example: SELECT memory_store.sensitive_cipher(memory_store.read_memory_impl('m-1')) IS NOT NULL AS sensitive;$$;

-- A memory record with its plaintext content when it is sensitive and the
-- caller's key opens it. p_strict (single reads): no key 22004, a bad key
-- 22023, a key that does not open it 42501. Not strict (the answers of
-- create and update): the record stays redacted (content {"encrypted":
-- true}, text_content NULL) instead.
CREATE FUNCTION memory_store.reveal(p_memory memory.memory_record, p_strict boolean DEFAULT true)
RETURNS memory.memory_record
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_cipher  bytea := memory_store.sensitive_cipher(p_memory);
    v_result  memory.memory_record := p_memory;
    v_key     text;
    v_content jsonb;
BEGIN
    IF v_cipher IS NULL THEN
        RETURN v_result;
    END IF;
    IF coalesce(p_strict, true) AND nullif(current_setting('memory.encryption_key', true), '') IS NULL THEN
        RAISE EXCEPTION 'memory % is sensitive: reading it needs the encryption key (setting memory.encryption_key, or the envelope''s encryption_key)',
                        quote_literal(p_memory.memory_id)
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    v_key := memory_store.encryption_key(coalesce(p_strict, true));
    IF v_key IS NULL THEN
        RETURN v_result;
    END IF;
    v_content := memory_store.decrypt_content(p_memory.memory_id, v_cipher, v_key, coalesce(p_strict, true));
    IF v_content IS NULL THEN
        RETURN v_result;
    END IF;
    v_result.content := v_content;
    v_result.text_content := v_content ->> 'text';
    RETURN v_result;
END
$fn$;

COMMENT ON FUNCTION memory_store.reveal(memory.memory_record, boolean) IS
$$A memory record with its decrypted content (and text_content) when it is sensitive and the caller's key opens it; otherwise unchanged (redacted), or with p_strict: 22004 no key, 22023 bad key, 42501 wrong key.
Example: SELECT (memory_store.reveal(memory_store.read_memory_impl('m-1'), true)).content;$$;

-- Create a sensitive memory: the same arguments, validation and idempotent
-- retry as create_memory_impl (keep the two in step), minus the embedding,
-- which a sensitive memory never has: a vector that places the text in
-- meaning space is a summary of it. The content is validated as plaintext
-- (size bound included) and stored encrypted; the row's content is the stub.
-- The answer carries the plaintext (the caller holds the key).
CREATE FUNCTION memory_store.create_sensitive_memory_impl(
    p_memory_type  text,
    p_content      jsonb,
    p_session_id   text DEFAULT NULL,
    p_source_agent text DEFAULT NULL,
    p_tags         text[] DEFAULT NULL,
    p_ttl_seconds  integer DEFAULT NULL,
    p_expires_at   timestamptz DEFAULT NULL,
    p_priority     integer DEFAULT NULL,
    p_memory_id    text DEFAULT NULL)
RETURNS memory.memory_record
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_memory_id  text := coalesce(memory_store.check_id('memory_id', p_memory_id), 'm-' || gen_random_uuid());
    v_tags       text[] := coalesce(memory_store.clean_tags(p_tags), '{}');
    v_expires_at timestamptz := memory_store.expiry(p_ttl_seconds, p_expires_at);
    v_key        text;
    v_existing   memory.memory_record;
    v_cipher     bytea;
    v_result     memory.memory_record;
BEGIN
    PERFORM memory_store.check_memory_type(memory_store.require('memory_type', p_memory_type));
    PERFORM memory_store.check_content(memory_store.require('content', p_content));
    PERFORM memory_store.check_priority(p_priority);
    PERFORM memory_store.check_id('session_id', p_session_id);
    PERFORM memory_store.check_id('source_agent', p_source_agent);
    IF v_expires_at IS NOT NULL AND v_expires_at <= now() THEN
        RAISE EXCEPTION 'expires_at must be in the future' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_key := memory_store.encryption_key(true);
    IF p_session_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM memory_store.sessions WHERE session_id = p_session_id) THEN
        RAISE EXCEPTION 'session % not found', quote_literal(p_session_id) USING ERRCODE = 'MO002';
    END IF;

    IF p_memory_id IS NOT NULL THEN
        -- Idempotent retry: the same sensitive memory again (same type,
        -- session and decrypted content) is not an error; anything else
        -- under this id is a conflict.
        BEGIN
            v_existing := memory_store.read_memory_impl(v_memory_id, true);
        EXCEPTION WHEN SQLSTATE 'MO001' THEN
            v_existing := NULL;
        END;
        IF v_existing.memory_id IS NOT NULL THEN
            v_cipher := memory_store.sensitive_cipher(v_existing);
            IF v_cipher IS NOT NULL AND v_existing.memory_type = p_memory_type
               AND v_existing.session_id IS NOT DISTINCT FROM p_session_id
               AND memory_store.decrypt_content(v_memory_id, v_cipher, v_key, false) = p_content THEN
                v_existing.content := p_content;
                v_existing.text_content := p_content ->> 'text';
                RETURN v_existing;
            END IF;
            RAISE EXCEPTION 'memory id % already exists with other content', quote_literal(v_memory_id)
                USING ERRCODE = 'unique_violation';
        END IF;
    END IF;

    INSERT INTO memory_store.memory_entries
        (memory_id, session_id, memory_type, content, is_sensitive, content_encrypted, source_agent, expires_at, priority)
    VALUES (v_memory_id, p_session_id, p_memory_type, memory_store.sensitive_stub(), true,
            memory_store.encrypt_content(v_memory_id, p_content, v_key),
            coalesce(p_source_agent, p_content ->> 'source_agent', memory_store.current_agent_id()),
            v_expires_at, coalesce(p_priority, 5));
    INSERT INTO memory_store.memory_tags (memory_id, tag) SELECT v_memory_id, unnest(v_tags);
    v_result := memory_store.read_memory_impl(v_memory_id, true);
    v_result.content := p_content;
    v_result.text_content := p_content ->> 'text';
    RETURN v_result;
END
$fn$;

COMMENT ON FUNCTION memory_store.create_sensitive_memory_impl(text, jsonb, text, text, text[], integer, timestamptz, integer, text) IS
$$Creates a sensitive memory: content encrypted with the caller's key (memory.encryption_key), stub in the content column, no embedding. Errors: as create_memory_impl, plus 22004 no key, 22023 bad key.
Example: SELECT (memory_store.create_sensitive_memory_impl('context', '{"text": "PIN 1234"}')).memory_id;$$;

-- Re-encrypt sensitive memories from the key in memory.encryption_key to
-- the key in memory.new_encryption_key, every matching one the old key
-- opens, soft-deleted and expired ones included (a restored memory must open
-- with the new key). Scope: p_memory_ids, p_session_id, p_user_id (all given
-- filters apply; none = every sensitive memory). Memories the old key does
-- not open are left alone and counted in skipped. One statement: all or
-- nothing; rows are locked in memory_id order.
CREATE FUNCTION memory_store.rotate_encryption_key_impl(
    p_memory_ids text[] DEFAULT NULL,
    p_session_id text DEFAULT NULL,
    p_user_id    text DEFAULT NULL,
    OUT rotated  bigint,
    OUT skipped  bigint)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_old text;
    v_new text;
BEGIN
    PERFORM memory_store.check_id('session_id', p_session_id);
    PERFORM memory_store.check_id('user_id', p_user_id);
    IF array_position(p_memory_ids, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'memory_ids must not contain null' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF cardinality(p_memory_ids) > (SELECT max_page_size FROM memory_store.limits()) THEN
        RAISE EXCEPTION 'at most % memory_ids per call', (SELECT max_page_size FROM memory_store.limits())
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM memory_store.check_id('memory_id', m) FROM unnest(p_memory_ids) AS m;
    v_old := memory_store.encryption_key(true, 'memory.encryption_key');
    v_new := memory_store.encryption_key(true, 'memory.new_encryption_key');
    IF v_old = v_new THEN
        RAISE EXCEPTION 'memory.new_encryption_key is the current key' USING ERRCODE = 'invalid_parameter_value';
    END IF;

    WITH candidates AS MATERIALIZED (
        SELECT e.memory_id, e.created_at,
               memory_store.decrypt_content(e.memory_id, e.content_encrypted, v_old, false) AS content
          FROM memory_store.memory_entries e
         WHERE e.is_sensitive
           AND (p_memory_ids IS NULL OR e.memory_id = ANY (p_memory_ids))
           AND (p_session_id IS NULL OR e.session_id = p_session_id)
           AND (p_user_id IS NULL OR e.session_id IN (SELECT s.session_id FROM memory_store.sessions s
                                                       WHERE s.user_id = p_user_id))
         ORDER BY e.memory_id
           FOR UPDATE OF e
    ), updated AS (
        UPDATE memory_store.memory_entries e
           SET content_encrypted = memory_store.encrypt_content(c.memory_id, c.content, v_new)
          FROM candidates c
         WHERE c.content IS NOT NULL AND e.memory_id = c.memory_id AND e.created_at = c.created_at
        RETURNING e.memory_id
    )
    SELECT (SELECT count(*) FROM updated), (SELECT count(*) FROM candidates WHERE content IS NULL)
      INTO rotated, skipped;
END
$fn$;

COMMENT ON FUNCTION memory_store.rotate_encryption_key_impl(text[], text, text) IS
$$Re-encrypts the matching sensitive memories that memory.encryption_key opens under memory.new_encryption_key; returns rotated and skipped (not opened) counts. Errors: 22004 a key missing, 22023 bad key / ids / same key.
Example: SELECT * FROM memory_store.rotate_encryption_key_impl(p_user_id => 'u-1');$$;

-- BEFORE INSERT / UPDATE OF memory_id on vector_embeddings: a sensitive
-- memory never gets an embedding, whoever writes it (API, import, by hand).
CREATE FUNCTION memory_store.vector_embeddings_refuse_sensitive()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF EXISTS (SELECT 1 FROM memory_store.memory_registry r
                 JOIN memory_store.memory_entries e ON e.memory_id = r.memory_id AND e.created_at = r.created_at
                WHERE r.memory_id = NEW.memory_id AND e.is_sensitive) THEN
        RAISE EXCEPTION 'memory % is sensitive: it takes no embedding (an embedding carries the meaning of its text)',
                        quote_literal(NEW.memory_id)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION memory_store.vector_embeddings_refuse_sensitive() IS
'Trigger: BEFORE INSERT OR UPDATE OF memory_id FOR EACH ROW on vector_embeddings; refuses (22023) an embedding of a sensitive memory.';

-- Dispatch handler: payload.memory_ids, session_id (else the envelope''s),
-- user_id; the keys come from the envelope (encryption_key,
-- new_encryption_key) or the session.
CREATE FUNCTION memory_store.dispatch_rotate_encryption_key(p_payload jsonb, p_session_id text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_result record;
BEGIN
    SELECT * INTO v_result FROM memory_store.rotate_encryption_key_impl(
        p_memory_ids => memory_store.payload_text_array(p_payload, 'memory_ids'),
        p_session_id => coalesce(memory_store.payload_text(p_payload, 'session_id'), p_session_id),
        p_user_id    => memory_store.payload_text(p_payload, 'user_id'));
    RETURN jsonb_build_object('rotated', v_result.rotated, 'skipped', v_result.skipped);
END
$fn$;
