-- Verify memory-orchestrator:tenancy_grant_identity on pg
-- Grants carry the role's OID, which is their key, and may_act_for matches by it.
BEGIN;

SELECT agent_role_oid FROM memory_store.agent_user_grants WHERE false;

DO $$
BEGIN
    IF (SELECT pg_catalog.pg_get_constraintdef(c.oid) FROM pg_catalog.pg_constraint c
         WHERE c.conname = 'agent_user_grants_pkey'
           AND c.conrelid = 'memory_store.agent_user_grants'::pg_catalog.regclass)
       IS DISTINCT FROM 'PRIMARY KEY (user_id, agent_role_oid)' THEN
        RAISE EXCEPTION 'tenancy_grant_identity: agent_user_grants is not keyed by the role''s OID';
    END IF;
    IF pg_catalog.strpos(pg_catalog.pg_get_functiondef('memory_store.may_act_for(text)'::pg_catalog.regprocedure),
                         'r.oid = g.agent_role_oid') = 0 THEN
        RAISE EXCEPTION 'tenancy_grant_identity: may_act_for does not match grants by OID';
    END IF;
END
$$;

ROLLBACK;
