-- Verify memory-orchestrator:tenancy_folds on pg
-- The shared bodies are in place and the folded functions are gone; the
-- triggers call the shared ones with their arguments.
BEGIN;

DO $$
BEGIN
    IF pg_catalog.to_regprocedure('memory_store.session_is_superuser()') IS NULL
       OR pg_catalog.to_regprocedure('memory_store.tenant_policy_switch(regclass, boolean)') IS NULL
       OR pg_catalog.to_regprocedure('memory_store.propagate_user_id()') IS NULL THEN
        RAISE EXCEPTION 'tenancy_folds: a shared body is missing';
    END IF;
    IF pg_catalog.to_regprocedure('memory_store.sessions_propagate_user_id()') IS NOT NULL
       OR pg_catalog.to_regprocedure('memory_store.memory_entries_propagate_user_id()') IS NOT NULL THEN
        RAISE EXCEPTION 'tenancy_folds: a folded trigger function is still there';
    END IF;
    IF (SELECT count(*) FROM pg_catalog.pg_trigger t
         WHERE t.tgparentid = 0
           AND t.tgname IN ('sessions_propagate_user_id', 'memory_entries_propagate_user_id')
           AND t.tgfoid = 'memory_store.propagate_user_id()'::regprocedure) <> 2 THEN
        RAISE EXCEPTION 'tenancy_folds: the triggers do not call the shared bodies';
    END IF;
    IF pg_catalog.pg_get_userbyid((SELECT p.proowner FROM pg_catalog.pg_proc p
                                    WHERE p.oid = 'memory_store.propagate_user_id()'::regprocedure)) <> 'memory_maintainer'
       OR pg_catalog.has_function_privilege('public', 'memory_store.propagate_user_id()', 'EXECUTE') THEN
        RAISE EXCEPTION 'tenancy_folds: propagate_user_id does not belong to memory_maintainer alone';
    END IF;
END
$$;

ROLLBACK;
