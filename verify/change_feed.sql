-- Verify memory-orchestrator:change_feed on pg
-- A write leaves its feed row under the tenant policy and a notification
-- without ids; changes_since serves it to the writer's user; the action is
-- registered and the agent may call the typed function.
BEGIN;

DO $$
DECLARE
    v_memory memory.memory_record;
    v_rows   integer;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy p
                    WHERE p.polrelid = 'memory_store.memory_changes'::pg_catalog.regclass
                      AND p.polname = 'tenant_isolation') THEN
        RAISE EXCEPTION 'change_feed: memory_changes has no tenant_isolation policy';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM memory_store.lifecycle_jobs WHERE job_name = 'prune_change_feed'
                                                                 AND command = 'CALL memory_store.prune_change_feed()') THEN
        RAISE EXCEPTION 'change_feed: the job prune_change_feed is not registered';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM memory_store.dispatch_actions WHERE action = 'changes_since')
       OR NOT pg_catalog.has_function_privilege('memory_agent', 'memory.changes_since(text, integer)', 'EXECUTE') THEN
        RAISE EXCEPTION 'change_feed: changes_since is not callable by memory_agent';
    END IF;
    IF (SELECT p.prosrc FROM pg_catalog.pg_proc p
         WHERE p.oid = 'memory_store.notify_memory_changes()'::pg_catalog.regprocedure) LIKE '%json_build_object%' THEN
        RAISE EXCEPTION 'change_feed: notifications still carry ids';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t
                    WHERE t.tgrelid = 'memory_store.memory_entries'::pg_catalog.regclass
                      AND t.tgname = 'memory_entries_notify_update'
                      AND t.tgoldtable = 'old_rows' AND t.tgnewtable = 'new_rows') THEN
        RAISE EXCEPTION 'change_feed: the update trigger does not see the old rows';
    END IF;
    -- Behaviour where the verifying role may write as nobody (a superuser);
    -- a deploy without one (managed PostgreSQL) has no tenant to write as.
    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RETURN;
    END IF;
    v_memory := memory.create_memory('context', '{"text": "verify change feed"}', p_memory_id => 'verify-change-feed');
    SELECT count(*) INTO v_rows FROM memory_store.memory_changes
     WHERE memory_id = 'verify-change-feed' AND operation = 'insert';
    IF v_rows <> 1 THEN
        RAISE EXCEPTION 'change_feed: a create left % feed rows', v_rows;
    END IF;
END
$$;

ROLLBACK;
