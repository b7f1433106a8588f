-- Verify memory-orchestrator:extensions on pg
BEGIN;

SELECT 1 / count(*) FROM pg_catalog.pg_extension e
  JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
 WHERE e.extname = 'vector'
   AND n.nspname = 'extensions'
   AND pg_catalog.string_to_array(e.extversion, '.')::int[] >= '{0,8}';

SELECT 'extensions.vector'::regtype, 'extensions.halfvec'::regtype;

ROLLBACK;
