-- Seed conformance, constraints: every PRIMARY KEY, UNIQUE, CHECK and FOREIGN
-- KEY rule of the seed with its ON DELETE behaviour, table by table.
-- Documented deviations (README): the partitioned tables' primary keys include
-- the partition column; foreign keys that the seed points at
-- memory_entries(memory_id) point at memory_registry(memory_id), with the
-- seed's ON DELETE action; agent_states' UNIQUE is NULLS NOT DISTINCT and,
-- with tenancy, includes the owner (one global state per agent and user);
-- memory_type references memory_store.memory_types; a sensitive memory's
-- content is the stub and its ciphertext is set (sensitive_memories);
-- memory_access_logs' memory_id and session_id are not foreign keys: a
-- statement trigger on delete of the registry or a session nulls them, the
-- seed's ON DELETE SET NULL (access_log_no_fk, docs/deviations.md).
BEGIN;
SET LOCAL search_path = public;
SELECT plan(10);

CREATE TEMP VIEW actual_constraints AS
SELECT conrelid::regclass::text AS table_name, conname::text AS constraint_name,
       pg_get_constraintdef(oid) AS definition
  FROM pg_constraint
 WHERE connamespace = 'memory_store'::regnamespace AND contype IN ('p', 'u', 'c', 'f')
   AND conrelid <> 0 AND conparentid = 0;

SELECT set_eq(
  $$SELECT constraint_name, definition FROM actual_constraints WHERE table_name = 'memory_store.sessions'$$,
  $$VALUES ('sessions_pkey', 'PRIMARY KEY (session_id)')$$,
  'sessions: constraints match the seed');

SELECT set_eq(
  $$SELECT constraint_name, definition FROM actual_constraints WHERE table_name = 'memory_store.memory_entries'$$,
  $$VALUES ('memory_entries_pkey', 'PRIMARY KEY (memory_id, created_at)'),
           ('memory_entries_memory_id_fkey', 'FOREIGN KEY (memory_id) REFERENCES memory_store.memory_registry(memory_id) ON DELETE CASCADE'),
           ('memory_entries_session_id_fkey', 'FOREIGN KEY (session_id) REFERENCES memory_store.sessions(session_id) ON DELETE CASCADE'),
           ('memory_entries_memory_type_fkey', 'FOREIGN KEY (memory_type) REFERENCES memory_store.memory_types(memory_type)'),
           ('valid_priority', 'CHECK (((priority >= 1) AND (priority <= 10)))'),
           ('memory_entries_sensitive_check', 'CHECK (((is_sensitive AND (content = ''{"encrypted": true}''::jsonb) AND (content_encrypted IS NOT NULL)) OR ((NOT is_sensitive) AND (content_encrypted IS NULL))))')$$,
  'memory_entries: constraints match the seed');

SELECT set_eq(
  $$SELECT constraint_name, definition FROM actual_constraints WHERE table_name = 'memory_store.memory_registry'$$,
  $$VALUES ('memory_registry_pkey', 'PRIMARY KEY (memory_id)')$$,
  'memory_registry: memory_id is globally unique');

SELECT set_eq(
  $$SELECT constraint_name, definition FROM actual_constraints WHERE table_name = 'memory_store.memory_tags'$$,
  $$VALUES ('memory_tags_pkey', 'PRIMARY KEY (tag_id)'),
           ('memory_tags_memory_id_fkey', 'FOREIGN KEY (memory_id) REFERENCES memory_store.memory_registry(memory_id) ON DELETE CASCADE'),
           ('unique_memory_tag', 'UNIQUE (memory_id, tag)')$$,
  'memory_tags: constraints match the seed');

SELECT set_eq(
  $$SELECT constraint_name, regexp_replace(definition, 'PRIMARY KEY \(embedding_id, memory_id\)', 'PRIMARY KEY (embedding_id)')
      FROM actual_constraints WHERE table_name = 'memory_store.vector_embeddings'$$,
  $$VALUES ('vector_embeddings_pkey', 'PRIMARY KEY (embedding_id)'),
           ('vector_embeddings_memory_id_fkey', 'FOREIGN KEY (memory_id) REFERENCES memory_store.memory_registry(memory_id) ON DELETE CASCADE'),
           ('unique_memory_embedding', 'UNIQUE (memory_id, embedding_model)')$$,
  'vector_embeddings: constraints match the seed (primary key gains memory_id only when hash-partitioned)');

SELECT set_eq(
  $$SELECT constraint_name, definition FROM actual_constraints WHERE table_name = 'memory_store.user_profiles'$$,
  $$VALUES ('user_profiles_pkey', 'PRIMARY KEY (user_id)')$$,
  'user_profiles: constraints match the seed');

SELECT set_eq(
  $$SELECT constraint_name, definition FROM actual_constraints WHERE table_name = 'memory_store.agent_states'$$,
  $$VALUES ('agent_states_pkey', 'PRIMARY KEY (state_id)'),
           ('agent_states_session_id_fkey', 'FOREIGN KEY (session_id) REFERENCES memory_store.sessions(session_id) ON DELETE SET NULL'),
           ('unique_agent_session', 'UNIQUE NULLS NOT DISTINCT (agent_id, session_id, user_id)')$$,
  'agent_states: constraints match the seed');

SELECT set_eq(
  $$SELECT constraint_name, definition FROM actual_constraints WHERE table_name = 'memory_store.memory_relationships'$$,
  $$VALUES ('memory_relationships_pkey', 'PRIMARY KEY (relationship_id)'),
           ('memory_relationships_source_memory_id_fkey', 'FOREIGN KEY (source_memory_id) REFERENCES memory_store.memory_registry(memory_id) ON DELETE CASCADE'),
           ('memory_relationships_target_memory_id_fkey', 'FOREIGN KEY (target_memory_id) REFERENCES memory_store.memory_registry(memory_id) ON DELETE CASCADE'),
           ('unique_memory_relationship', 'UNIQUE (source_memory_id, target_memory_id, relationship_type)')$$,
  'memory_relationships: constraints match the seed');

SELECT set_eq(
  $$SELECT constraint_name, definition FROM actual_constraints WHERE table_name = 'memory_store.memory_access_logs'$$,
  $$VALUES ('memory_access_logs_pkey', 'PRIMARY KEY (log_id, "timestamp")')$$,
  'memory_access_logs: constraints match the seed (no foreign keys: deviation)');

SELECT set_eq(
  $$SELECT t.tgrelid::regclass::text, t.tgfoid::regprocedure::text FROM pg_trigger t
     WHERE t.tgname = 'memory_access_logs_forget_deleted' AND t.tgenabled = 'O'$$,
  $$VALUES ('memory_store.memory_registry', 'memory_store.memory_access_logs_forget_deleted()'),
           ('memory_store.sessions', 'memory_store.memory_access_logs_forget_deleted()')$$,
  'memory_access_logs: ON DELETE SET NULL of memory_id and session_id kept by a trigger on each referenced table');

SELECT * FROM finish();
ROLLBACK;
