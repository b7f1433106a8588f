-- memory_store.erase_user(p_user_id text) RETURNS jsonb
--
-- The right to be forgotten: erases one user everywhere, in one
-- transaction, and returns the receipt it keeps in
-- memory_store.erasure_receipts. For the DBA (memory_dba) only.
--   removed   the user's memories, hot and archived (every memory whose
--             row, archived row or any kept version names the user), with
--             their registry rows, tags, embeddings (hot and archived),
--             history (memory_versions, embedding_versions) and every
--             relationship touching them, whoever owns the other end;
--             sessions, profile, agent states, retention budget, the
--             grants that let agents act for the user, change-feed rows,
--             deduplication claims; import staging and reject rows whose
--             raw record names the user id as a JSON string.
--   redacted  the user's rows of memory_store.memory_access_logs (by
--             user_id, or naming one of the user's memories or sessions)
--             stay, with user_id, memory_id, session_id and error_message
--             NULL and request_data {"redacted": "erasure", "receipt_id": n}:
--             the only change the append-only log admits besides the
--             foreign keys' SET NULL, and only while this function runs
--             (memory_store.erasure_in_progress).
-- The receipt names the user by the SHA-256 of the id (hex) only, so a DBA
-- can confirm a given user's erasure without the store keeping the id.
-- Cost: index lookups by user, memory and session id; the work grows with
-- the user's rows (docs/erasure.md has the measured figure). pg_cron's own
-- tables (cron.job_run_details) hold no user data of this package and are
-- out of scope. Erasing a user with no rows returns a receipt of zeros.
--
-- Errors:
--   22004 user_id is required
--   22023 user_id is too long or empty
-- Example:
--   SELECT memory_store.erase_user('u-1');

CREATE OR REPLACE FUNCTION memory_store.erase_user(p_user_id text)
RETURNS jsonb
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_user     text := memory_store.check_id('user_id', memory_store.require('user_id', p_user_id));
    v_json     text := to_json(memory_store.check_id('user_id', p_user_id))::text;
    v_receipt  bigint;
    v_memories text[];
    v_sessions text[];
    v_counts   jsonb := '{}'::jsonb;
    v_redacted jsonb;
    v_n        bigint;
    v_result   jsonb;
BEGIN
    INSERT INTO memory_store.erasure_receipts (user_hash)
    VALUES (encode(sha256(convert_to(v_user, 'UTF8')), 'hex'))
    RETURNING receipt_id INTO v_receipt;

    -- No agent acts for the user once this commits.
    DELETE FROM memory_store.agent_user_grants g WHERE g.user_id = v_user;
    GET DIAGNOSTICS v_n = ROW_COUNT;
    v_counts := v_counts || jsonb_build_object('memory_store.agent_user_grants', v_n);

    v_sessions := ARRAY(SELECT s.session_id FROM memory_store.sessions s WHERE s.user_id = v_user);
    v_memories := ARRAY(SELECT e.memory_id FROM memory_store.memory_entries e WHERE e.user_id = v_user
                        UNION SELECT e.memory_id FROM memory_store.memory_entries e WHERE e.session_id = ANY (v_sessions)
                        UNION SELECT a.memory_id FROM memory_archive.memory_entries a WHERE a.user_id = v_user
                        UNION SELECT a.memory_id FROM memory_archive.memory_entries a WHERE a.session_id = ANY (v_sessions)
                        UNION SELECT v.memory_id FROM memory_store.memory_versions v WHERE v.user_id = v_user);

    -- The log first: its rows still name the memories and sessions.
    UPDATE memory_store.memory_access_logs l
       SET user_id = NULL, memory_id = NULL, session_id = NULL, error_message = NULL,
           request_data = jsonb_build_object('redacted', 'erasure', 'receipt_id', v_receipt)
     WHERE l.user_id = v_user OR l.memory_id = ANY (v_memories) OR l.session_id = ANY (v_sessions);
    GET DIAGNOSTICS v_n = ROW_COUNT;
    v_redacted := jsonb_build_object('memory_store.memory_access_logs', v_n);

    DELETE FROM memory_store.memory_relationships r
     WHERE r.source_memory_id = ANY (v_memories) OR r.target_memory_id = ANY (v_memories) OR r.user_id = v_user;
    GET DIAGNOSTICS v_n = ROW_COUNT;
    v_counts := v_counts || jsonb_build_object('memory_store.memory_relationships', v_n);
    DELETE FROM memory_store.memory_tags t WHERE t.memory_id = ANY (v_memories) OR t.user_id = v_user;
    GET DIAGNOSTICS v_n = ROW_COUNT;
    v_counts := v_counts || jsonb_build_object('memory_store.memory_tags', v_n);

    -- Memories, embeddings and history go with the registry rows (cascade),
    -- which keeps no version of what is being erased: counted first.
    v_counts := v_counts || jsonb_build_object(
        'memory_store.memory_entries',
        (SELECT count(*) FROM memory_store.memory_entries x WHERE x.memory_id = ANY (v_memories)),
        'memory_archive.memory_entries',
        (SELECT count(*) FROM memory_archive.memory_entries x WHERE x.memory_id = ANY (v_memories)),
        'memory_store.vector_embeddings',
        (SELECT count(*) FROM memory_store.vector_embeddings x WHERE x.memory_id = ANY (v_memories) OR x.user_id = v_user),
        'memory_archive.vector_embeddings',
        (SELECT count(*) FROM memory_archive.vector_embeddings x WHERE x.memory_id = ANY (v_memories) OR x.user_id = v_user),
        'memory_store.memory_versions',
        (SELECT count(*) FROM memory_store.memory_versions x WHERE x.memory_id = ANY (v_memories)),
        'memory_store.embedding_versions',
        (SELECT count(*) FROM memory_store.embedding_versions x WHERE x.memory_id = ANY (v_memories)));

    DELETE FROM memory_store.memory_registry r WHERE r.memory_id = ANY (v_memories);
    GET DIAGNOSTICS v_n = ROW_COUNT;
    v_counts := v_counts || jsonb_build_object('memory_store.memory_registry', v_n);
    -- What the cascade could not reach (rows naming the user under a memory
    -- that is not the user's): nothing, unless ownership was edited by hand.
    DELETE FROM memory_store.vector_embeddings x WHERE x.user_id = v_user;
    DELETE FROM memory_archive.vector_embeddings x WHERE x.user_id = v_user;

    DELETE FROM memory_store.agent_states a WHERE a.user_id = v_user OR a.session_id = ANY (v_sessions);
    GET DIAGNOSTICS v_n = ROW_COUNT;
    v_counts := v_counts || jsonb_build_object('memory_store.agent_states', v_n);
    DELETE FROM memory_store.sessions s WHERE s.session_id = ANY (v_sessions);
    GET DIAGNOSTICS v_n = ROW_COUNT;
    v_counts := v_counts || jsonb_build_object('memory_store.sessions', v_n);
    DELETE FROM memory_store.user_profiles p WHERE p.user_id = v_user;
    GET DIAGNOSTICS v_n = ROW_COUNT;
    v_counts := v_counts || jsonb_build_object('memory_store.user_profiles', v_n);
    DELETE FROM memory_store.retention_budgets b WHERE b.user_id = v_user;
    GET DIAGNOSTICS v_n = ROW_COUNT;
    v_counts := v_counts || jsonb_build_object('memory_store.retention_budgets', v_n);
    DELETE FROM memory_store.dedupe_claims c WHERE c.claimed_for = v_user;
    -- Last: the deletions above wrote change-feed rows of their own.
    DELETE FROM memory_store.memory_changes c
     WHERE c.user_id = v_user OR c.memory_id = ANY (v_memories) OR c.session_id = ANY (v_sessions);
    GET DIAGNOSTICS v_n = ROW_COUNT;
    v_counts := v_counts || jsonb_build_object('memory_store.memory_changes', v_n);

    DELETE FROM memory_store.import_staging s
     WHERE strpos(s.raw, v_json) > 0 OR strpos(s.skeleton::text, v_json) > 0 OR s.record_key = v_user;
    GET DIAGNOSTICS v_n = ROW_COUNT;
    v_counts := v_counts || jsonb_build_object('memory_store.import_staging', v_n);
    DELETE FROM memory_store.import_rejects r WHERE strpos(r.raw_excerpt, v_json) > 0;
    GET DIAGNOSTICS v_n = ROW_COUNT;
    v_counts := v_counts || jsonb_build_object('memory_store.import_rejects', v_n);

    UPDATE memory_store.erasure_receipts r
       SET finished_at = clock_timestamp(), counts = jsonb_build_object('removed', v_counts, 'redacted', v_redacted)
     WHERE r.receipt_id = v_receipt
    RETURNING jsonb_build_object('receipt_id', r.receipt_id, 'user_hash', r.user_hash, 'requested_by', r.requested_by,
                                 'started_at', r.started_at, 'finished_at', r.finished_at, 'counts', r.counts)
      INTO v_result;
    RETURN v_result;
END
$fn$;

COMMENT ON FUNCTION memory_store.erase_user(p_user_id text) IS 'The right to be forgotten (DBA only): removes a user''s memories (hot, archived, their tags, embeddings, history and relationships touching them), sessions, profile, agent states, grants, change feed, import staging; redacts the user''s access-log rows (kept); returns the receipt kept in memory_store.erasure_receipts (user as SHA-256 hex). Errors: 22004 missing, 22023 invalid.
Example: SELECT memory_store.erase_user(''u-1'');';
