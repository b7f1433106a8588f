-- Catalog lint: whole classes of mistakes, checked across every object of the
-- package at once, so a new table or function cannot slip past them.
BEGIN;
SET LOCAL search_path = public;
SELECT plan(9);

-- Every foreign key has an index whose leading columns are the key's columns:
-- without one, every delete of a referenced row scans the referencing table.
SELECT is_empty(
  $$SELECT k.conrelid::regclass::text || ' ' || k.conname
      FROM pg_constraint k
     WHERE k.contype = 'f' AND k.conparentid = 0
       AND k.connamespace IN ('memory_store'::regnamespace, 'memory'::regnamespace, 'memory_archive'::regnamespace)
       AND NOT EXISTS (
           SELECT 1 FROM pg_index i
            WHERE i.indrelid = k.conrelid
              AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(k.conkey)] @> k.conkey
              AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(k.conkey)] <@ k.conkey)$$,
  'every foreign key has an index on its columns');

-- Every SECURITY DEFINER function pins search_path.
SELECT is_empty(
  $$SELECT p.oid::regprocedure::text FROM pg_proc p
     WHERE p.pronamespace IN ('memory_store'::regnamespace, 'memory'::regnamespace)
       AND p.prosecdef
       AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) AS setting WHERE setting LIKE 'search\_path=%')$$,
  'every SECURITY DEFINER function pins search_path');

-- Nothing of the package is executable by PUBLIC.
SELECT is_empty(
  $$SELECT p.oid::regprocedure::text FROM pg_proc p
     WHERE p.pronamespace IN ('memory_store'::regnamespace, 'memory'::regnamespace)
       AND has_function_privilege('public', p.oid, 'EXECUTE')$$,
  'no function of the package is executable by PUBLIC');

-- Every table has a primary key.
SELECT is_empty(
  $$SELECT c.oid::regclass::text FROM pg_class c
     WHERE c.relnamespace IN ('memory_store'::regnamespace, 'memory_archive'::regnamespace)
       AND c.relkind IN ('r', 'p') AND NOT c.relispartition
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')$$,
  'every table has a primary key');

-- Every table and function is owned by memory_owner, except the functions
-- that must see every tenant, owned by memory_maintainer (BYPASSRLS): they are
-- listed here, so a new one is a decision, not an accident.
CREATE TEMP TABLE maintainer_functions (signature) AS
SELECT unnest(ARRAY[
    'memory_store.purge_expired_batch(integer)', 'memory_store.purge_soft_deleted_batch(integer,interval)',
    'memory_store.create_monthly_partition(regclass,date)',
    'memory_store.import_begin(text,text)', 'memory_store.import_run(bigint,integer)',
    'memory_store.reconcile(bigint)', 'memory_store.import_purge(bigint)',
    'memory_store.import_prepare(bigint)', 'memory_store.import_finish(bigint,bigint,text)',
    'memory_store.import_fail(bigint,text)', 'memory_store.import_restore_indexes()',
    'memory_store.import_file_reject(bigint,text,text,text)',
    'memory_store.memory_entries_set_user_id()', 'memory_store.set_user_id_from_memory()',
    'memory_store.memory_relationships_set_user_id()', 'memory_store.agent_states_set_user_id()',
    'memory_store.propagate_user_id()',
    'memory_store.sessions_merge_agent_states()', 'memory_store.touch_sessions_of_new_rows()',
    'memory_store.notify_memory_changes()', 'memory_store.prune_memory_changes_batch(integer,interval)',
    'memory_store.memory_entries_keep_version()', 'memory_store.vector_embeddings_keep_version()',
    'memory_store.vector_embeddings_from_memory()', 'memory_store.memory_entries_filter_columns()',
    'memory_store.session_id_taken(text)',
    'memory_store.archive_mark_sessions_batch(integer,interval,interval)', 'memory_store.archive_sessions_batch(integer)',
    'memory_store.purge_expired_archive_batch(integer)', 'memory_store.restore_archived(text,text,text[])',
    'memory_store.retention_usage(text)', 'memory_store.enforce_retention_batch(text,integer)',
    'memory_store.erase_user(text)', 'memory_store.dedupe_find(text,text,text)',
    'memory_store.search_keyword_candidates(tsquery,text[],text,text,text,text[],timestamp with time zone,timestamp with time zone,boolean,integer)']);

SELECT is_empty(
  $$SELECT c.oid::regclass::text FROM pg_class c
     WHERE c.relnamespace IN ('memory_store'::regnamespace, 'memory_archive'::regnamespace)
       AND c.relkind IN ('r', 'p', 'S', 'i', 'I')
       AND c.relowner <> 'memory_owner'::regrole
    UNION ALL
    SELECT p.oid::regprocedure::text FROM pg_proc p
     WHERE p.pronamespace IN ('memory_store'::regnamespace, 'memory'::regnamespace)
       AND p.proowner <> 'memory_owner'::regrole
       AND NOT (p.proowner = 'memory_maintainer'::regrole
                AND p.oid::regprocedure::text IN (SELECT signature FROM maintainer_functions))$$,
  'every table and function of the package is owned by memory_owner (or is a listed memory_maintainer function)');

SELECT set_eq(
  $$SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.proowner = 'memory_maintainer'::regrole$$,
  $$SELECT signature FROM maintainer_functions$$,
  'memory_maintainer owns exactly the listed functions');

SELECT ok((SELECT rolbypassrls AND NOT rolcanlogin AND NOT rolsuper FROM pg_roles WHERE rolname = 'memory_maintainer')
          AND NOT EXISTS (SELECT 1 FROM pg_auth_members WHERE roleid = 'memory_maintainer'::regrole),
          'memory_maintainer bypasses row-level security, cannot log in, and nobody may SET ROLE to it');

-- Every table that records an owner (a user_id column) is isolated by
-- row-level security, enabled and forced, with the tenant_isolation policy:
-- a table added later (an archive) cannot forget it. Not the grants table,
-- whose user_id names whom an agent may serve, nor retention_budgets, a
-- DBA's setting per user (no agent privilege; read by the maintainer's
-- retention job), nor the audit log, whose user_id records for which tenant
-- a call acted (no agent privilege; the auditor reads it whole), none of
-- which is the user's data.
SELECT is_empty(
  $$SELECT c.oid::regclass::text FROM pg_class c
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'user_id' AND NOT a.attisdropped
     WHERE c.relnamespace IN ('memory_store'::regnamespace, 'memory_archive'::regnamespace)
       AND c.relkind IN ('r', 'p') AND NOT c.relispartition
       AND c.oid NOT IN ('memory_store.agent_user_grants'::regclass, 'memory_store.retention_budgets'::regclass,
                         'memory_store.memory_access_logs'::regclass)
       AND NOT (c.relrowsecurity AND c.relforcerowsecurity
                AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'tenant_isolation'))$$,
  'every table with a user_id column has row-level security enabled, forced, and a tenant_isolation policy');

-- Neither PUBLIC nor the agent role holds any table privilege in memory_store
-- or memory_archive.
SELECT is_empty(
  $$SELECT c.oid::regclass::text || ' ' || grantee.rolname
      FROM pg_class c
      CROSS JOIN LATERAL aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) AS acl
      LEFT JOIN pg_roles grantee ON grantee.oid = acl.grantee
     WHERE c.relnamespace IN ('memory_store'::regnamespace, 'memory_archive'::regnamespace)
       AND c.relkind IN ('r', 'p', 'S')
       AND (acl.grantee = 0 OR grantee.rolname = 'memory_agent')$$,
  'no table privilege for PUBLIC or memory_agent in memory_store or memory_archive');

SELECT * FROM finish();
ROLLBACK;
