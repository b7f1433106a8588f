-- Least privilege, role by role (README, "Security model"). Every function
-- and table of the package is enumerated from the catalog, so a new object
-- is covered without editing this file.
--   memory_agent    USAGE on schema memory, EXECUTE on every function there
--                   (all SECURITY DEFINER); nothing in memory_store.
--   memory_auditor  SELECT on memory_store.memory_access_logs; nothing else.
--   memory_dba      EXECUTE on the partition, importer, lifecycle and tenancy grant functions only.
--   nobody          anything in schema memory_archive (cold storage): only the
--                   owner's definer functions reach it.
BEGIN;
SET LOCAL search_path = public;
-- The plan is counted from the catalog with the same filters as the checks
-- below (one check per object and role), so a check that silently stops
-- early still fails.
SELECT plan((
      5                                                                     -- schema privileges
    + 4 * (SELECT count(*) FROM pg_proc WHERE pronamespace = 'memory'::regnamespace)        -- is_definer + 3 roles
    + 3 * (SELECT count(*) FROM pg_proc WHERE pronamespace = 'memory_store'::regnamespace)  -- 3 roles
    + 1                                                                     -- DBA function set
    + 2 * (SELECT count(*) FROM pg_class WHERE relnamespace = 'memory_store'::regnamespace AND relkind IN ('r', 'p'))
    + 2 * (SELECT count(*) FROM pg_class WHERE relnamespace = 'memory_store'::regnamespace AND relkind = 'S')
    + 3                                                                     -- schema memory_archive, 3 roles
    + 3 * (SELECT count(*) FROM pg_class WHERE relnamespace = 'memory_archive'::regnamespace AND relkind IN ('r', 'p', 'S'))
    + 2)::integer);                                                         -- types, default privileges

-- Schemas.
SELECT schema_privs_are('memory', 'memory_agent', ARRAY['USAGE'], 'memory_agent may use schema memory');
SELECT schema_privs_are('memory_store', 'memory_agent', ARRAY[]::name[], 'memory_agent has no privilege on schema memory_store');
SELECT schema_privs_are('memory_store', 'memory_auditor', ARRAY['USAGE'], 'memory_auditor may use schema memory_store');
SELECT schema_privs_are('memory', 'memory_auditor', ARRAY[]::name[], 'memory_auditor has no privilege on schema memory');
SELECT schema_privs_are('memory_store', 'memory_dba', ARRAY['USAGE'], 'memory_dba may use schema memory_store');

-- Every function of schema memory: SECURITY DEFINER, executable by the agent,
-- by nobody else of the package's roles.
SELECT is_definer('memory', p.proname,
                  ARRAY(SELECT format_type(t, NULL) FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY u(t, n) ORDER BY n)::name[],
                  p.oid::regprocedure::text || ' is SECURITY DEFINER')
  FROM pg_proc p WHERE p.pronamespace = 'memory'::regnamespace ORDER BY p.oid::regprocedure::text;

SELECT function_privs_are('memory', p.proname,
                          ARRAY(SELECT format_type(t, NULL) FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY u(t, n) ORDER BY n)::name[],
                          r.role, CASE WHEN r.role = 'memory_agent' THEN ARRAY['EXECUTE'] ELSE ARRAY[]::name[] END,
                          r.role || CASE WHEN r.role = 'memory_agent' THEN ' may' ELSE ' may not' END
                                 || ' execute ' || p.oid::regprocedure::text)
  FROM pg_proc p
 CROSS JOIN (VALUES ('memory_agent'::name), ('memory_auditor'), ('memory_dba')) AS r(role)
 WHERE p.pronamespace = 'memory'::regnamespace
 ORDER BY p.oid::regprocedure::text, r.role;

-- The maintenance functions the DBA role may run, in one place.
CREATE TEMP TABLE dba_functions (proname) AS
SELECT unnest(ARRAY[
    'create_monthly_partition', 'ensure_monthly_partitions',              -- partitions
    'import_begin', 'import_run', 'reconcile', 'import_purge',             -- legacy import
    'import_prepare', 'import_finish', 'import_fail', 'import_restore_indexes', 'import_file_reject',
    'lifecycle_int', 'lifecycle_interval', 'set_lifecycle_setting',        -- lifecycle settings
    'job_begin', 'job_end', 'job_status_rows', 'schedule_jobs', 'schedule_jobs_sql',
    'unschedule_jobs', 'schedule_jobs_notice', 'cron_database_name',
    'prune_job_history', 'prune_job_runs',                                 -- job machinery
    'purge_batch_size', 'purge_expired', 'purge_expired_batch',            -- TTL purge
    'purge_soft_deleted', 'purge_soft_deleted_batch',                      -- soft-delete purge
    'partition_upkeep', 'partitions_ahead', 'drop_old_log_partition', 'purge_old_default_logs',
    'archive_sessions', 'archive_batch_size', 'archive_mark_sessions_batch',   -- archiving
    'archive_sessions_batch', 'purge_expired_archive_batch', 'restore_archived',
    'enforce_retention', 'enforce_retention_batch', 'retention_usage',         -- retention budget
    'prune_change_feed', 'prune_memory_changes_batch',                         -- change feed retention
    'job_start', 'job_finish', 'run_batches', 'job_run_alive', 'run_batch_job', -- the shared job frame
    'grant_agent_user', 'revoke_agent_user', 'list_agent_user_grants',    -- tenancy grants
    'erase_user']::name[]);                                                 -- the right to be forgotten

-- Every function of schema memory_store: no EXECUTE for the agent or the
-- auditor; EXECUTE for the DBA on exactly the maintenance functions.
SELECT function_privs_are('memory_store', p.proname,
                          ARRAY(SELECT format_type(t, NULL) FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY u(t, n) ORDER BY n)::name[],
                          r.role, CASE WHEN r.role = 'memory_dba' AND p.proname IN (SELECT proname FROM dba_functions)
                                       THEN ARRAY['EXECUTE'] ELSE ARRAY[]::name[] END,
                          r.role || ' privileges on ' || p.oid::regprocedure::text)
  FROM pg_proc p
 CROSS JOIN (VALUES ('memory_agent'::name), ('memory_auditor'), ('memory_dba')) AS r(role)
 WHERE p.pronamespace = 'memory_store'::regnamespace
 ORDER BY p.oid::regprocedure::text, r.role;

SELECT set_eq(
  $$SELECT p.proname::text FROM pg_proc p
     WHERE p.pronamespace = 'memory_store'::regnamespace AND has_function_privilege('memory_dba', p.oid, 'EXECUTE')$$,
  $$SELECT proname::text FROM dba_functions$$,
  'memory_dba runs the partition, importer, lifecycle and grant functions (and no other function of memory_store)');

-- Every table and partition of memory_store: nothing for the agent; the
-- auditor reads the access log (the parent) and nothing else.
SELECT table_privs_are('memory_store', c.relname, 'memory_agent', ARRAY[]::name[],
                       'memory_agent has no privilege on ' || c.oid::regclass::text)
  FROM pg_class c WHERE c.relnamespace = 'memory_store'::regnamespace AND c.relkind IN ('r', 'p')
 ORDER BY c.relname;

SELECT table_privs_are('memory_store', c.relname, 'memory_auditor',
                       CASE WHEN c.relname = 'memory_access_logs' THEN ARRAY['SELECT'] ELSE ARRAY[]::name[] END,
                       'memory_auditor privileges on ' || c.oid::regclass::text)
  FROM pg_class c WHERE c.relnamespace = 'memory_store'::regnamespace AND c.relkind IN ('r', 'p')
 ORDER BY c.relname;

SELECT sequence_privs_are('memory_store', c.relname, r.role, ARRAY[]::name[],
                          r.role || ' has no privilege on sequence ' || c.oid::regclass::text)
  FROM pg_class c
 CROSS JOIN (VALUES ('memory_agent'::name), ('memory_auditor')) AS r(role)
 WHERE c.relnamespace = 'memory_store'::regnamespace AND c.relkind = 'S'
 ORDER BY c.relname, r.role;

-- Schema memory_archive (cold storage): no role but the owner may use it,
-- nor any table or sequence in it.
SELECT schema_privs_are('memory_archive', r.role, ARRAY[]::name[], r.role || ' has no privilege on schema memory_archive')
  FROM (VALUES ('memory_agent'::name), ('memory_auditor'), ('memory_dba')) AS r(role)
 ORDER BY r.role;

SELECT CASE WHEN c.relkind = 'S'
            THEN sequence_privs_are('memory_archive', c.relname, r.role, ARRAY[]::name[],
                                    r.role || ' has no privilege on ' || c.oid::regclass::text)
            ELSE table_privs_are('memory_archive', c.relname, r.role, ARRAY[]::name[],
                                 r.role || ' has no privilege on ' || c.oid::regclass::text) END
  FROM pg_class c
 CROSS JOIN (VALUES ('memory_agent'::name), ('memory_auditor'), ('memory_dba')) AS r(role)
 WHERE c.relnamespace = 'memory_archive'::regnamespace AND c.relkind IN ('r', 'p', 'S')
 ORDER BY c.relname, r.role;

-- The agent may use the API's result types.
SELECT is_empty(
  $$SELECT t.oid::regtype::text FROM pg_type t
     WHERE t.typnamespace = 'memory'::regnamespace AND t.typtype = 'c'
       AND NOT has_type_privilege('memory_agent', t.oid, 'USAGE')$$,
  'memory_agent may use every composite type of schema memory');

-- Default privileges keep PUBLIC off new functions of the owner.
SELECT ok(EXISTS (SELECT 1 FROM pg_default_acl d
                   WHERE d.defaclrole = 'memory_owner'::regrole AND d.defaclobjtype = 'f'
                     AND d.defaclnamespace = 0
                     AND NOT EXISTS (SELECT 1 FROM aclexplode(d.defaclacl) a WHERE a.grantee = 0)),
          'ALTER DEFAULT PRIVILEGES revokes EXECUTE on memory_owner''s new functions from PUBLIC');

SELECT * FROM finish();
ROLLBACK;
