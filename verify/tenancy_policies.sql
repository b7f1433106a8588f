-- Verify memory-orchestrator:tenancy_policies on pg
BEGIN;

DO $$
DECLARE
    v_wrong text;
BEGIN
    SELECT string_agg(t::text, ', ') INTO v_wrong
      FROM unnest(ARRAY['memory_store.sessions', 'memory_store.memory_entries', 'memory_store.memory_tags',
                        'memory_store.vector_embeddings', 'memory_store.memory_relationships',
                        'memory_store.user_profiles', 'memory_store.agent_states']::regclass[]) AS t
     WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class c
                        WHERE c.oid = t AND c.relrowsecurity AND c.relforcerowsecurity)
        OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy p
                        WHERE p.polrelid = t AND p.polname = 'tenant_isolation' AND p.polcmd = '*'
                          AND p.polpermissive AND p.polroles = '{0}'
                          AND pg_catalog.pg_get_expr(p.polqual, p.polrelid) LIKE '%current_tenant()%'
                          AND pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) LIKE '%current_tenant()%');
    IF v_wrong IS NOT NULL THEN
        RAISE EXCEPTION 'row-level security not enabled, not forced or without its tenant_isolation policy: %', v_wrong;
    END IF;
    SELECT string_agg(f, ', ') INTO v_wrong
      FROM unnest(ARRAY['memory_store.purge_expired_batch(integer)', 'memory_store.purge_soft_deleted_batch(integer, interval)',
                        'memory_store.import_begin(text, text)', 'memory_store.import_run(bigint, integer)',
                        'memory_store.reconcile(bigint)', 'memory_store.import_purge(bigint)',
                        'memory_store.touch_sessions_of_new_rows()',
                        'memory_store.create_monthly_partition(regclass, date)',
                        'memory_store.vector_embeddings_refuse_sensitive()']) AS f
     -- write_path_plans folds the refusal into vector_embeddings_from_memory
     WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                        WHERE p.oid = coalesce(pg_catalog.to_regprocedure(f),
                                               CASE WHEN f = 'memory_store.vector_embeddings_refuse_sensitive()'
                                                    THEN pg_catalog.to_regprocedure('memory_store.vector_embeddings_from_memory()') END)
                          AND p.proowner = 'memory_maintainer'::regrole);
    IF v_wrong IS NOT NULL THEN
        RAISE EXCEPTION 'not owned by memory_maintainer: %', v_wrong;
    END IF;
END
$$;

-- Behaviour: the owner, acting for a user nobody granted, sees no session
-- (fail closed), and acting for nobody, as a superuser, sees them all.
SET LOCAL ROLE memory_owner;
SET LOCAL memory.user_id = 'verify: no such user';
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM memory_store.sessions) THEN
        RAISE EXCEPTION 'memory_owner sees sessions of users it does not act for: FORCE ROW LEVEL SECURITY is not working';
    END IF;
END
$$;

ROLLBACK;
