-- The archive job: sessions that ended, or sat idle, longer than the
-- settings allow are marked is_archived, and the memories of archived
-- sessions move to cold storage (memory_store.archive_move); archived
-- memories whose TTL is over are deleted. One bounded batch per function
-- call; the procedure COMMITs between batches.

-- The batch size of an archive or retention run: the argument, else the
-- setting archive_batch_size.
CREATE FUNCTION memory_store.archive_batch_size(p_batch_size integer DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF p_batch_size IS NULL THEN
        RETURN memory_store.lifecycle_int('archive_batch_size');
    END IF;
    IF p_batch_size NOT BETWEEN 1 AND 100000 THEN
        RAISE EXCEPTION 'batch size must be between 1 and 100000, got %', p_batch_size
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN p_batch_size;
END
$fn$;

COMMENT ON FUNCTION memory_store.archive_batch_size(integer) IS
$$The batch size an archive or retention run uses: p_batch_size when given (1..100000), else the setting archive_batch_size. Errors: 22023 out of range.
Example: SELECT memory_store.archive_batch_size(NULL);$$;

-- One batch of marking: up to p_batch_size sessions, not archived yet, that
-- ended longer than p_after_ended ago and saw no activity since (updated_at),
-- or saw none for p_after_idle; NULL switches a rule off. Sessions a writer
-- holds are skipped (next batch or run). updated_at keeps its value (plus
-- one microsecond: the updated_at trigger replaces an unchanged value with
-- now(), and the session's last activity is what it should keep showing).
CREATE FUNCTION memory_store.archive_mark_sessions_batch(p_batch_size integer, p_after_ended interval,
                                                         p_after_idle interval)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_batch integer := memory_store.archive_batch_size(memory_store.require('batch_size', p_batch_size));
    v_rows  bigint;
BEGIN
    IF p_after_ended < interval '0' OR p_after_idle < interval '0' THEN
        RAISE EXCEPTION 'archive ages must not be negative, got % and %', p_after_ended, p_after_idle
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_after_ended IS NULL AND p_after_idle IS NULL THEN
        RETURN 0::bigint;
    END IF;
    WITH due AS (
        SELECT s.session_id
          FROM memory_store.sessions s
         WHERE NOT s.is_archived
           AND ((s.ended_at < now() - p_after_ended AND s.updated_at < now() - p_after_ended)
                OR s.updated_at < now() - p_after_idle)
         LIMIT v_batch
           FOR NO KEY UPDATE SKIP LOCKED)
    UPDATE memory_store.sessions s
       SET is_archived = true,
           updated_at = s.updated_at + interval '1 microsecond'
      FROM due
     WHERE s.session_id = due.session_id;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END
$fn$;

COMMENT ON FUNCTION memory_store.archive_mark_sessions_batch(integer, interval, interval) IS
$$One batch of the archive job: marks up to p_batch_size sessions is_archived that ended more than p_after_ended ago with no activity since, or had no activity (updated_at) for p_after_idle; NULL switches a rule off; skips sessions a writer holds. Returns sessions marked. Errors: 22004, 22023 batch size outside 1..100000 or a negative age.
Example: SELECT memory_store.archive_mark_sessions_batch(1000, interval '30 days', interval '90 days');$$;

-- One batch of moving: up to p_batch_size visible (active, unexpired)
-- memories of archived sessions go to the archive. Soft-deleted and expired
-- memories stay for purge_soft_deleted and purge_expired: the user deleted
-- them, they are not kept cold. Rows a writer holds are skipped; the session
-- row is held FOR KEY SHARE (agents may still touch it), so a concurrent
-- restore of the session (FOR UPDATE) waits for this batch or is skipped.
CREATE FUNCTION memory_store.archive_sessions_batch(p_batch_size integer)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_batch integer := memory_store.archive_batch_size(memory_store.require('batch_size', p_batch_size));
    v_ids   text[];
BEGIN
    SELECT coalesce(array_agg(picked.memory_id), '{}') INTO v_ids
      FROM (SELECT e.memory_id::text AS memory_id
              FROM memory_store.sessions s
              JOIN memory_store.memory_entries e ON e.session_id = s.session_id
              JOIN memory_store.memory_registry r ON r.memory_id = e.memory_id AND r.created_at = e.created_at
             WHERE s.is_archived AND e.is_active AND (e.expires_at IS NULL OR e.expires_at > now())
             LIMIT v_batch
               FOR UPDATE OF e SKIP LOCKED
               FOR NO KEY UPDATE OF r SKIP LOCKED
               FOR KEY SHARE OF s SKIP LOCKED) AS picked;
    RETURN memory_store.archive_move(v_ids, 'session');
END
$fn$;

COMMENT ON FUNCTION memory_store.archive_sessions_batch(integer) IS
$$One batch of the archive job: moves up to p_batch_size active, unexpired memories of archived sessions (with their embeddings) to memory_archive; skips rows a writer holds. Returns memories moved. Errors: 22004, 22023 batch size outside 1..100000, 55000 the archive lacks a column of the hot table.
Example: SELECT memory_store.archive_sessions_batch(1000);$$;

-- One batch of TTL expiry in the archive: the TTL holds in cold storage too.
-- Deleting an archived memory releases its id (cascading to tags,
-- embeddings, relationships).
CREATE FUNCTION memory_store.purge_expired_archive_batch(p_batch_size integer)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_batch integer := memory_store.archive_batch_size(memory_store.require('batch_size', p_batch_size));
    v_rows  bigint;
BEGIN
    WITH doomed AS (
        SELECT a.memory_id
          FROM memory_archive.memory_entries a
         WHERE a.expires_at < now()
         LIMIT v_batch
           FOR UPDATE SKIP LOCKED)
    DELETE FROM memory_archive.memory_entries a
     USING doomed d
     WHERE a.memory_id = d.memory_id;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END
$fn$;

COMMENT ON FUNCTION memory_store.purge_expired_archive_batch(integer) IS
$$One batch of the archive job: deletes up to p_batch_size archived memories whose expires_at is past (tags, embeddings, relationships cascade). Returns rows deleted. Errors: 22004, 22023 batch size outside 1..100000.
Example: SELECT memory_store.purge_expired_archive_batch(1000);$$;

-- Job entry point. Invoker, no SET clause: a procedure with either cannot
-- COMMIT (see deploy/lifecycle_jobs.sql); every call below is qualified.
-- Three steps, each in batches with a COMMIT after every batch and at most
-- archive_max_batches batches: mark due sessions, move the memories of
-- archived sessions, purge expired archived memories.
CREATE PROCEDURE memory_store.archive_sessions(p_batch_size integer DEFAULT NULL)
LANGUAGE plpgsql
AS $pr$
DECLARE
    v_batch    integer := memory_store.archive_batch_size(p_batch_size);
    v_budget   integer := memory_store.lifecycle_int('archive_max_batches');
    v_ended    interval := memory_store.lifecycle_interval('archive_after_ended');
    v_idle     interval := memory_store.lifecycle_interval('archive_after_idle');
    v_run      bigint;
    v_counts   bigint[] := ARRAY[0, 0, 0]::bigint[];
    v_rows     bigint;
    v_batches  integer;
    v_step     integer;
    v_state    text;
    v_message  text;
BEGIN
    -- Fails with 2D000 inside a transaction block, before the lock is taken
    -- (a session lock taken in a transaction that rolls back stays held).
    COMMIT;
    v_run := memory_store.job_begin('archive_sessions');
    IF v_run IS NULL THEN
        RETURN;
    END IF;
    COMMIT;
    FOR step IN 1 .. 3 LOOP
        v_step := step;
        v_batches := 0;
        LOOP
            BEGIN
                v_rows := CASE v_step
                              WHEN 1 THEN memory_store.archive_mark_sessions_batch(v_batch, v_ended, v_idle)
                              WHEN 2 THEN memory_store.archive_sessions_batch(v_batch)
                              ELSE memory_store.purge_expired_archive_batch(v_batch) END;
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
                EXIT;
            END;
            COMMIT;
            v_counts[v_step] := v_counts[v_step] + v_rows;
            v_batches := v_batches + 1;
            EXIT WHEN v_rows < v_batch OR v_batches >= v_budget;
        END LOOP;
        EXIT WHEN v_state IS NOT NULL;
    END LOOP;
    PERFORM memory_store.job_end(v_run, v_counts[1] + v_counts[2] + v_counts[3],
                                 format('marked %s sessions archived (ended before now() - %s, idle since now() - %s), '
                                        'moved %s memories to memory_archive, deleted %s expired archived memories; batches of %s',
                                        v_counts[1], coalesce(v_ended::text, 'off'), coalesce(v_idle::text, 'off'),
                                        v_counts[2], v_counts[3], v_batch),
                                 v_state, v_message);
    COMMIT;
    IF v_state IS NOT NULL THEN
        RAISE EXCEPTION '%', v_message USING ERRCODE = v_state;
    END IF;
END
$pr$;

COMMENT ON PROCEDURE memory_store.archive_sessions(integer) IS
$$Lifecycle job: marks sessions is_archived that ended longer ago than archive_after_ended (with no activity since) or were idle longer than archive_after_idle (null = off), moves the active, unexpired memories of archived sessions with their embeddings to memory_archive, and deletes archived memories whose TTL is over; in batches (p_batch_size, else archive_batch_size), COMMIT after each, at most archive_max_batches per step. Never overlaps itself; logs its run in memory_store.job_runs. Call outside a transaction block. Errors: 22023 batch size outside 1..100000.
Example: CALL memory_store.archive_sessions();$$;
