-- Catalog lint: whole classes of mistakes, checked across every object of the
-- package at once, so a new table or function cannot slip past them.
BEGIN;
SET LOCAL search_path = public;
SELECT plan(6);

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

-- Every table and function is owned by memory_owner.
SELECT is_empty(
  $$SELECT c.oid::regclass::text FROM pg_class c
     WHERE c.relnamespace IN ('memory_store'::regnamespace, 'memory_archive'::regnamespace)
       AND c.relkind IN ('r', 'p', 'S', 'i', 'I')
       AND c.relowner <> 'memory_owner'::regrole
    UNION ALL
    SELECT p.oid::regprocedure::text FROM pg_proc p
     WHERE p.pronamespace IN ('memory_store'::regnamespace, 'memory'::regnamespace)
       AND p.proowner <> 'memory_owner'::regrole$$,
  'every table and function of the package is owned by memory_owner');

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
