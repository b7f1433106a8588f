-- Priority-based retention: a budget of active memories (and optionally of
-- content bytes) per user; over it, the user's lowest-priority, then oldest,
-- memories are archived (memory_store.archive_move, reason 'retention')
-- until the user is within budget. Memories with priority >= the setting
-- retention_protected_priority are never archived by this rule. A user owns
-- memories through sessions.user_id; memories without a session, or of a
-- session without a user, belong to no budget.

-- Each user's active (visible) hot memories against their budget: the
-- override in memory_store.retention_budgets, else the settings
-- retention_max_memories / retention_max_content_mib (NULL = no limit).
-- content_bytes is the stored size of content (pg_column_size: after
-- compression, read without de-toasting). One user, or every user with
-- active memories.
CREATE FUNCTION memory_store.retention_usage(p_user_id text DEFAULT NULL)
RETURNS TABLE (user_id text, active_memories bigint, content_bytes bigint, protected_memories bigint,
               max_memories integer, max_content_bytes bigint, over_budget boolean)
LANGUAGE plpgsql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_max_memories integer := memory_store.lifecycle_int('retention_max_memories');
    v_max_mib      integer := memory_store.lifecycle_int('retention_max_content_mib');
    v_protected    integer := memory_store.lifecycle_int('retention_protected_priority');
BEGIN
    PERFORM memory_store.check_id('user_id', p_user_id);
    RETURN QUERY
        SELECT u.user_id, u.active_memories, u.content_bytes, u.protected_memories, b.max_memories, b.max_content_bytes,
               coalesce(u.active_memories > b.max_memories, false) OR coalesce(u.content_bytes > b.max_content_bytes, false)
          FROM (SELECT s.user_id::text AS user_id, count(*) AS active_memories,
                       sum(pg_column_size(e.content))::bigint AS content_bytes,
                       count(*) FILTER (WHERE e.priority >= v_protected) AS protected_memories
                  FROM memory_store.sessions s
                  JOIN memory_store.memory_entries e ON e.session_id = s.session_id
                 WHERE s.user_id IS NOT NULL AND (p_user_id IS NULL OR s.user_id = p_user_id)
                   AND e.is_active AND (e.expires_at IS NULL OR e.expires_at > now())
                 GROUP BY s.user_id) AS u
          LEFT JOIN memory_store.retention_budgets o ON o.user_id = u.user_id
         CROSS JOIN LATERAL (SELECT coalesce(o.max_memories, v_max_memories) AS max_memories,
                                    coalesce(o.max_content_mib, v_max_mib)::bigint * 1048576 AS max_content_bytes) AS b
         ORDER BY u.user_id;
END
$fn$;

COMMENT ON FUNCTION memory_store.retention_usage(text) IS
$$Per user: active hot memories, their content bytes (pg_column_size), how many are protected (priority >= retention_protected_priority), the budget (memory_store.retention_budgets, else the settings; NULL = no limit) and whether the user is over it. No memory content. Errors: 22023 bad user id.
Example: SELECT * FROM memory_store.retention_usage() WHERE over_budget;$$;

-- One batch for one user: archives up to p_batch_size of the memories that
-- put the user over budget, lowest priority first, then oldest (created_at,
-- then memory_id, so the order is total). Protected memories are never
-- candidates, so a user whose protected memories alone exceed the budget
-- stays over it. Rows a writer holds are skipped (next batch or run).
CREATE FUNCTION memory_store.enforce_retention_batch(p_user_id text, p_batch_size integer)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_batch      integer := memory_store.archive_batch_size(memory_store.require('batch_size', p_batch_size));
    v_protected  integer := memory_store.lifecycle_int('retention_protected_priority');
    v_usage      record;
    v_need_count bigint;
    v_need_bytes bigint;
    v_candidates text[];
    v_ids        text[];
BEGIN
    PERFORM memory_store.require('user_id', p_user_id);
    SELECT * INTO v_usage FROM memory_store.retention_usage(p_user_id);
    IF NOT FOUND OR NOT v_usage.over_budget THEN
        RETURN 0::bigint;
    END IF;
    v_need_count := greatest(v_usage.active_memories - coalesce(v_usage.max_memories, v_usage.active_memories), 0);
    v_need_bytes := greatest(v_usage.content_bytes - coalesce(v_usage.max_content_bytes, v_usage.content_bytes), 0);

    -- The shortest prefix of the order that frees enough: a row is taken
    -- while fewer than v_need_count rows, or fewer than v_need_bytes bytes,
    -- come before it.
    SELECT coalesce(array_agg(c.memory_id ORDER BY c.k), '{}') INTO v_candidates
      FROM (SELECT e.memory_id::text AS memory_id,
                   row_number() OVER w AS k,
                   sum(pg_column_size(e.content)) OVER w - pg_column_size(e.content) AS bytes_before
              FROM memory_store.sessions s
              JOIN memory_store.memory_entries e ON e.session_id = s.session_id
             WHERE s.user_id = p_user_id AND e.is_active AND (e.expires_at IS NULL OR e.expires_at > now())
               AND e.priority < v_protected
            WINDOW w AS (ORDER BY e.priority, e.created_at, e.memory_id ROWS UNBOUNDED PRECEDING)) AS c
     WHERE (c.k <= v_need_count OR c.bytes_before < v_need_bytes) AND c.k <= v_batch;

    -- Locked only now (a window query cannot lock); the conditions are
    -- checked again on the row as it is when locked.
    SELECT coalesce(array_agg(picked.memory_id), '{}') INTO v_ids
      FROM (SELECT e.memory_id::text AS memory_id
              FROM memory_store.memory_registry r
              JOIN memory_store.memory_entries e ON e.memory_id = r.memory_id AND e.created_at = r.created_at
             WHERE r.memory_id = ANY (v_candidates)
               AND e.is_active AND (e.expires_at IS NULL OR e.expires_at > now()) AND e.priority < v_protected
               FOR UPDATE OF e SKIP LOCKED
               FOR NO KEY UPDATE OF r SKIP LOCKED) AS picked;
    RETURN memory_store.archive_move(v_ids, 'retention');
END
$fn$;

COMMENT ON FUNCTION memory_store.enforce_retention_batch(text, integer) IS
$$One batch of retention for one user: archives up to p_batch_size of the memories that put the user over budget, lowest priority first, then oldest; never those with priority >= retention_protected_priority; skips rows a writer holds. Returns memories archived. Errors: 22004, 22023 bad user id or batch size outside 1..100000, 55000 the archive lacks a column of the hot table.
Example: SELECT memory_store.enforce_retention_batch('u-1', 1000);$$;

-- Job entry point, also run on demand for one user. Invoker, no SET clause:
-- a procedure with either cannot COMMIT (see deploy/lifecycle_jobs.sql);
-- every call below is qualified.
CREATE PROCEDURE memory_store.enforce_retention(p_user_id text DEFAULT NULL, p_batch_size integer DEFAULT NULL)
LANGUAGE plpgsql
AS $pr$
DECLARE
    v_batch     integer := memory_store.archive_batch_size(p_batch_size);
    v_budget    integer := memory_store.lifecycle_int('archive_max_batches');
    v_run       bigint;
    v_users     text[];
    v_user      text;
    v_total     bigint := 0::bigint;
    v_rows      bigint;
    v_batches   integer := 0;
    v_over      bigint;
    v_state     text;
    v_message   text;
BEGIN
    IF p_user_id IS NOT NULL THEN
        PERFORM * FROM memory_store.retention_usage(p_user_id);  -- 22023 for a bad id, before anything is logged
    END IF;
    -- Fails with 2D000 inside a transaction block, before the lock is taken
    -- (a session lock taken in a transaction that rolls back stays held).
    COMMIT;
    v_run := memory_store.job_begin('enforce_retention');
    IF v_run IS NULL THEN
        RETURN;
    END IF;
    COMMIT;
    BEGIN
        v_users := ARRAY(SELECT u.user_id FROM memory_store.retention_usage(p_user_id) AS u WHERE u.over_budget);
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
    END;
    COMMIT;
    FOREACH v_user IN ARRAY coalesce(v_users, '{}') LOOP
        LOOP
            BEGIN
                v_rows := memory_store.enforce_retention_batch(v_user, v_batch);
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
                EXIT;
            END;
            COMMIT;
            v_total := v_total + v_rows;
            v_batches := v_batches + 1;
            EXIT WHEN v_rows < v_batch OR v_batches >= v_budget;
        END LOOP;
        EXIT WHEN v_state IS NOT NULL OR v_batches >= v_budget;
    END LOOP;
    IF v_state IS NULL THEN
        BEGIN
            SELECT count(*) INTO v_over FROM memory_store.retention_usage(p_user_id) AS u WHERE u.over_budget;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
        END;
    END IF;
    PERFORM memory_store.job_end(v_run, v_total,
                                 format('archived %s memories of %s users over budget in %s batches of %s; '
                                        '%s users still over budget (protected memories or budget of batches)',
                                        v_total, cardinality(coalesce(v_users, '{}')), v_batches, v_batch,
                                        coalesce(v_over::text, '?')),
                                 v_state, v_message);
    COMMIT;
    IF v_state IS NOT NULL THEN
        RAISE EXCEPTION '%', v_message USING ERRCODE = v_state;
    END IF;
END
$pr$;

COMMENT ON PROCEDURE memory_store.enforce_retention(text, integer) IS
$$Lifecycle job, also on demand for one user (p_user_id): archives the lowest-priority, then oldest, memories of every user over the retention budget (retention_max_memories / retention_max_content_mib, or the user's row in memory_store.retention_budgets) until within it; memories with priority >= retention_protected_priority are never archived. Batches of p_batch_size (else archive_batch_size), COMMIT after each, at most archive_max_batches per run. Never overlaps itself; logs its run in memory_store.job_runs. Call outside a transaction block. Errors: 22023 bad user id or batch size.
Example: CALL memory_store.enforce_retention();  CALL memory_store.enforce_retention(p_user_id => 'u-1');$$;
