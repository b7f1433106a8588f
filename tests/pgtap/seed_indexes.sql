-- Seed conformance, indexes: every index the seed lists, or the documented
-- better one (README, "Deviations from the seed"), on each of the eight
-- tables; indexes behind PRIMARY KEY / UNIQUE constraints are checked by
-- seed_constraints.sql. On partitioned tables the index is partitioned
-- ("ON ONLY") and every partition must carry its own copy.
BEGIN;
SET LOCAL search_path = public;
SELECT plan(13);

CREATE TEMP VIEW actual_indexes AS
SELECT i.indrelid::regclass::text AS table_name, c.relname::text AS index_name,
       regexp_replace(pg_get_indexdef(i.indexrelid), '^.* USING ', '') AS definition
  FROM pg_index i
  JOIN pg_class c ON c.oid = i.indexrelid
 WHERE c.relnamespace = 'memory_store'::regnamespace
   AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
   AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid);

SELECT set_eq(
  $$SELECT index_name, definition FROM actual_indexes WHERE table_name = 'memory_store.sessions'$$,
  $$VALUES ('idx_sessions_user_id', 'btree (user_id)'),
           ('idx_sessions_created_at', 'btree (created_at)'),
           ('idx_sessions_session_type', 'btree (session_type)')$$,
  'sessions: indexes match the seed');

SELECT set_eq(
  $$SELECT index_name, definition FROM actual_indexes WHERE table_name = 'memory_store.memory_entries'$$,
  $$VALUES ('idx_memory_entries_session_id', 'btree (session_id, created_at)'),
           ('idx_memory_entries_memory_type', 'btree (memory_type)'),
           ('idx_memory_entries_created_at', 'btree (created_at)'),
           ('idx_memory_entries_expires_at', 'btree (expires_at)'),
           ('idx_memory_entries_source_agent', 'btree (source_agent)'),
           ('idx_memory_entries_text_content', 'gin (to_tsvector(''english''::regconfig, text_content))'),
           ('idx_memory_entries_priority', 'btree (priority)'),
           ('idx_memory_entries_content', 'gin (content)'),
           ('idx_memory_entries_user_text_content', 'gin (user_id, to_tsvector(''english''::regconfig, text_content))'),
           ('idx_memory_entries_dedupe', 'btree (user_id, memory_type, memory_store.dedupe_key(content)) WHERE (is_active AND (NOT is_sensitive))')$$,
  'memory_entries: indexes match the seed (plus a tenant''s keyword index and exact deduplication''s, deviation 8)');

SELECT set_eq(
  $$SELECT index_name, definition FROM actual_indexes WHERE table_name = 'memory_store.memory_tags'$$,
  $$VALUES ('idx_memory_tags_tag', 'btree (tag)')$$,
  'memory_tags: indexes match the seed (memory_id is served by unique_memory_tag)');

SELECT set_eq(
  $$SELECT index_name, definition FROM actual_indexes WHERE table_name = 'memory_store.vector_embeddings'$$,
  $$VALUES ('idx_vector_embeddings_embedding_model', 'btree (embedding_model)'),
           ('idx_vector_embeddings_embedding', 'hnsw (embedding extensions.vector_cosine_ops) WITH (m=''16'', ef_construction=''64'')'),
           ('idx_vector_embeddings_user_id', 'btree (user_id)'),
           ('idx_vector_embeddings_session_id', 'btree (session_id)')$$,
  'vector_embeddings: indexes match the seed (HNSW cosine instead of IVFFlat; memory_id served by unique_memory_embedding; a tenant''s and a session''s exact scans, deviations 8 and 13)');

SELECT set_eq(
  $$SELECT index_name, definition FROM actual_indexes WHERE table_name = 'memory_store.user_profiles'$$,
  $$VALUES ('idx_user_profiles_is_active', 'btree (is_active)'),
           ('idx_user_profiles_preferences', 'gin (preferences)')$$,
  'user_profiles: indexes match the seed');

SELECT set_eq(
  $$SELECT index_name, definition FROM actual_indexes WHERE table_name = 'memory_store.agent_states'$$,
  $$VALUES ('idx_agent_states_session_id', 'btree (session_id)'),
           ('idx_agent_states_expires_at', 'btree (expires_at)')$$,
  'agent_states: indexes match the seed (agent_id is served by unique_agent_session)');

SELECT set_eq(
  $$SELECT index_name, definition FROM actual_indexes WHERE table_name = 'memory_store.memory_relationships'$$,
  $$VALUES ('idx_memory_relationships_target', 'btree (target_memory_id)'),
           ('idx_memory_relationships_type', 'btree (relationship_type)')$$,
  'memory_relationships: indexes match the seed (source is served by unique_memory_relationship)');

SELECT set_eq(
  $$SELECT index_name, definition FROM actual_indexes WHERE table_name = 'memory_store.memory_access_logs'$$,
  $$VALUES ('idx_memory_access_logs_memory_id', 'btree (memory_id)'),
           ('idx_memory_access_logs_session_id', 'btree (session_id)'),
           ('idx_memory_access_logs_agent_id', 'btree (agent_id)'),
           ('idx_memory_access_logs_timestamp', 'btree ("timestamp")'),
           ('idx_memory_access_logs_operation', 'btree (operation)'),
           ('idx_memory_access_logs_success', 'btree (success) WHERE (NOT success)'),
           ('idx_memory_access_logs_user_id', 'btree (user_id)')$$,
  'memory_access_logs: indexes match the seed (plus a user''s rows for erasure, deviation 8)');

-- Not a seed table: the change feed (change change_feed), read per tenant in
-- feed order.
SELECT set_eq(
  $$SELECT index_name, definition FROM actual_indexes WHERE table_name = 'memory_store.memory_changes'$$,
  $$VALUES ('memory_changes_user_position', 'btree (user_id, txid, seq)')$$,
  'memory_changes: the one index of the change feed, a tenant''s changes in feed order');

-- Not seed tables: the history (change history_table): a tenant's versions
-- by when they ended (as of an instant), a memory's kept embeddings.
SELECT set_eq(
  $$SELECT table_name, index_name, definition FROM actual_indexes
     WHERE table_name IN ('memory_store.memory_versions', 'memory_store.embedding_versions')$$,
  $$VALUES ('memory_store.memory_versions', 'memory_versions_user_valid_to', 'btree (user_id, valid_to)'),
           ('memory_store.embedding_versions', 'embedding_versions_memory', 'btree (memory_id, embedding_model, valid_to)'),
           ('memory_store.embedding_versions', 'embedding_versions_user_valid_to', 'btree (user_id, valid_to)')$$,
  'memory_versions, embedding_versions: the indexes of the history');

SELECT is_empty(
  $$SELECT index_name FROM actual_indexes
     WHERE table_name NOT IN ('memory_store.sessions', 'memory_store.memory_entries', 'memory_store.memory_tags',
                              'memory_store.vector_embeddings', 'memory_store.user_profiles',
                              'memory_store.agent_states', 'memory_store.memory_relationships',
                              'memory_store.memory_access_logs', 'memory_store.memory_changes',
                              'memory_store.memory_versions', 'memory_store.embedding_versions')$$,
  'no stray index outside the eight tables, the change feed and the history');

-- Every partition carries every partitioned index of its parent.
SELECT is_empty(
  $$SELECT parent_index.relname, part.inhrelid::regclass
      FROM pg_index pi
      JOIN pg_class parent_index ON parent_index.oid = pi.indexrelid AND parent_index.relkind = 'I'
      JOIN pg_inherits part ON part.inhparent = pi.indrelid
     WHERE parent_index.relnamespace = 'memory_store'::regnamespace
       AND NOT EXISTS (SELECT 1 FROM pg_inherits child_index
                         JOIN pg_index ci ON ci.indexrelid = child_index.inhrelid
                        WHERE child_index.inhparent = pi.indexrelid AND ci.indrelid = part.inhrelid)$$,
  'every partition has every index of its parent');

SELECT is(
  (SELECT count(*)::int FROM pg_index WHERE indrelid = 'memory_store.memory_entries'::regclass),
  11,
  'memory_entries has its primary key, eight seed indexes, the tenant keyword index and exact deduplication''s on the parent, and nothing more hidden');

SELECT * FROM finish();
ROLLBACK;
