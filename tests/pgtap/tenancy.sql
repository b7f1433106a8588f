-- Tenancy (README, "Security model"): every user-owned table has row-level
-- security enabled and forced, with exactly the expected policies, and the
-- policies hold under SET LOCAL ROLE: the owner memory_owner (FORCE) sees and
-- writes only the rows of the user the session acts for, and nothing when it
-- acts for nobody it may act for; an agent role reaches no table at all.
-- pg_prove runs this as a superuser, who may act for any user and, acting for
-- nobody, sees every tenant (memory_store.sees_all_tenants).
BEGIN;
SET LOCAL search_path = public;
SELECT plan(55);

-- pgTAP records results in this session's temp tables; the roles the tests
-- switch to must be able to write them.
GRANT ALL ON ALL TABLES IN SCHEMA pg_temp TO PUBLIC;
GRANT ALL ON ALL SEQUENCES IN SCHEMA pg_temp TO PUBLIC;

CREATE TEMP TABLE tenant_tables (schema, name) AS
SELECT * FROM (VALUES ('memory_store'::name, 'sessions'::name), ('memory_store', 'memory_entries'),
                      ('memory_store', 'memory_tags'), ('memory_store', 'vector_embeddings'),
                      ('memory_store', 'memory_relationships'), ('memory_store', 'user_profiles'),
                      ('memory_store', 'agent_states'), ('memory_store', 'memory_changes'),
                      ('memory_store', 'memory_versions'), ('memory_store', 'embedding_versions'),
                      ('memory_archive', 'memory_entries'), ('memory_archive', 'vector_embeddings')) AS t;
GRANT SELECT ON tenant_tables TO PUBLIC;

-- 0. The list is every user-owned table of the catalog: every table of the
-- package with a user_id column, but the grants and the retention budgets
-- (a DBA's settings per user) and the audit log (the tenant a call acted
-- for, read whole by the auditor), none of them the user's data (1).
SELECT set_eq($$SELECT schema || '.' || name FROM tenant_tables$$,
              $$SELECT c.oid::regclass::text FROM pg_class c
                  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'user_id' AND NOT a.attisdropped
                 WHERE c.relnamespace IN ('memory_store'::regnamespace, 'memory_archive'::regnamespace)
                   AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                   AND c.oid NOT IN ('memory_store.agent_user_grants'::regclass,
                                     'memory_store.retention_budgets'::regclass,
                                     'memory_store.memory_access_logs'::regclass)$$,
              'the tables checked here are every user-owned table of the catalog');

-- 1. Catalog: enabled, forced, the policies and nothing else (12 x 3 = 36).
SELECT ok((SELECT c.relrowsecurity FROM pg_class c WHERE c.oid = (t.schema || '.' || t.name)::regclass),
          'row-level security is enabled on ' || t.schema || '.' || t.name)
  FROM tenant_tables t ORDER BY t.schema, t.name;
SELECT ok((SELECT c.relforcerowsecurity FROM pg_class c WHERE c.oid = (t.schema || '.' || t.name)::regclass),
          'row-level security is forced on ' || t.schema || '.' || t.name || ' (the owner is held too)')
  FROM tenant_tables t ORDER BY t.schema, t.name;
SELECT policies_are(t.schema, t.name,
                    CASE WHEN (t.schema, t.name) = ('memory_store', 'sessions')
                         THEN ARRAY['tenant_isolation', 'audit_writer_resolves_ids']
                         ELSE ARRAY['tenant_isolation'] END::name[],
                    t.schema || '.' || t.name || ' has exactly its tenancy policies')
  FROM tenant_tables t ORDER BY t.schema, t.name;

-- 2. The policies' shape (4).
SELECT policy_cmd_is('memory_store', 'memory_entries', 'tenant_isolation', 'ALL',
                     'tenant_isolation covers every command');
SELECT ok((SELECT p.polroles = '{0}' FROM pg_policy p
             WHERE p.polrelid = 'memory_store.memory_entries'::regclass AND p.polname = 'tenant_isolation'),
          'tenant_isolation applies to every role (PUBLIC)');
SELECT policy_cmd_is('memory_store', 'sessions', 'audit_writer_resolves_ids', 'SELECT',
                     'the audit writer only reads sessions');
SELECT policy_roles_are('memory_store', 'sessions', 'audit_writer_resolves_ids', ARRAY['memory_audit_writer']::name[],
                        'audit_writer_resolves_ids is the audit writer''s alone');

-- Two users' rows, written as the superuser.
INSERT INTO memory_store.sessions (session_id, user_id, session_type) VALUES ('tap-s1', 'tap-u1', 'conversation'),
                                                                             ('tap-s2', 'tap-u2', 'conversation');
INSERT INTO memory_store.memory_entries (memory_id, session_id, memory_type, content)
VALUES ('tap-m1', 'tap-s1', 'context', '{"text": "one"}'), ('tap-m2', 'tap-s2', 'context', '{"text": "two"}');
INSERT INTO memory_store.memory_tags (memory_id, tag) VALUES ('tap-m1', 'a'), ('tap-m2', 'b');
INSERT INTO memory_store.user_profiles (user_id) VALUES ('tap-u1'), ('tap-u2');

-- 3. The owner, acting for tap-u1 (5).
SET LOCAL memory.user_id = 'tap-u1';
SET LOCAL ROLE memory_owner;
SELECT results_eq($$SELECT session_id::text FROM memory_store.sessions WHERE session_id LIKE 'tap-%'$$,
                  $$VALUES ('tap-s1')$$, 'memory_owner acting for tap-u1 sees only tap-u1''s session');
SELECT results_eq($$SELECT memory_id::text, user_id::text FROM memory_store.memory_tags WHERE memory_id LIKE 'tap-%'$$,
                  $$VALUES ('tap-m1', 'tap-u1')$$, '... and only its tags, which carry their memory''s owner');
SELECT is_empty($$UPDATE memory_store.memory_entries SET priority = 9 WHERE memory_id = 'tap-m2' RETURNING 1$$,
                '... cannot update tap-u2''s memory (it is not there for it)');
SELECT throws_ok($$INSERT INTO memory_store.user_profiles (user_id) VALUES ('tap-u3')$$, '42501', NULL,
                 '... cannot write a row of another user (WITH CHECK)');
SELECT throws_ok($$INSERT INTO memory_store.memory_entries (memory_id, session_id, memory_type, content)
                   VALUES ('tap-m3', 'tap-s2', 'context', '{}')$$, '42501', NULL,
                 '... cannot put a memory into tap-u2''s session (its owner comes from the session)');

-- 4. Fail closed (4): an empty setting (SET then RESET) is nobody; a user
-- the session may not act for is nobody too.
RESET ROLE;
SET LOCAL memory.user_id = '';
SELECT ok(memory_store.sees_all_tenants(), 'a superuser acting for nobody sees every tenant');
SET LOCAL ROLE memory_owner;
SELECT results_eq($$SELECT count(*)::int FROM memory_store.sessions WHERE session_id LIKE 'tap-%'$$, $$VALUES (2)$$,
                  '... and so does the API''s owner in its session');
RESET ROLE;
CREATE ROLE tap_agent NOLOGIN;
GRANT memory_agent TO tap_agent;
SET LOCAL SESSION AUTHORIZATION tap_agent;
SET LOCAL memory.user_id = 'tap-u1';
SELECT throws_ok($$SELECT memory.read_memory('tap-m1')$$, 'MO001', NULL,
                 'an agent without a grant acts for nobody, whatever it SETs');
RESET SESSION AUTHORIZATION;
SELECT memory_store.grant_agent_user('tap_agent', 'tap-u1');
SET LOCAL SESSION AUTHORIZATION tap_agent;
SELECT is((memory.read_memory('tap-m1')).memory_id::text, 'tap-m1', '... and with a grant, for the user it names');
RESET SESSION AUTHORIZATION;

-- 5. An agent, acting for tap-u1 through the API and directly (5).
SET LOCAL SESSION AUTHORIZATION tap_agent;
SELECT is((memory.tag_counts()).tag::text, 'a', 'the agent counts only its user''s tags');
SELECT throws_ok($$SELECT memory.read_memory('tap-m2')$$, 'MO001', NULL,
                 '... and another user''s memory is not found, like a missing one');
SELECT throws_ok($$SELECT memory.act_as('tap-u2')$$, '42501', NULL, '... may not act for a user it has no grant for');
SELECT throws_ok($$SELECT 1 FROM memory_store.memory_entries$$, '42501', NULL, '... and reaches no table directly');
RESET SESSION AUTHORIZATION;
SET LOCAL ROLE tap_agent;
SELECT throws_ok($$SELECT 1 FROM memory_store.sessions$$, '42501', NULL,
                 'under SET LOCAL ROLE an agent role reaches no table either');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
