-- Deploy memory-orchestrator:indexes to pg
-- requires: memory_entries, memory_tags, vector_embeddings, user_profiles,
--           agent_states, memory_relationships, memory_access_logs
-- The seed's secondary indexes. On the partitioned tables they are
-- partitioned indexes: every partition, present and future, gets its own.
-- Left out because a UNIQUE constraint's index already serves the same
-- lookups (a leading-column match) at no extra write cost:
--   idx_memory_tags_memory_id          -> unique_memory_tag (memory_id, tag)
--   idx_vector_embeddings_memory_id    -> unique_memory_embedding (memory_id, embedding_model)
--   idx_agent_states_agent_id          -> unique_agent_session (agent_id, session_id)
--   idx_memory_relationships_source    -> unique_memory_relationship (source_memory_id, ...)
-- Changed (README, "Deviations from the seed"):
--   idx_memory_entries_session_id is (session_id, created_at): the same
--     session lookups, plus a session's memories in time order without a sort.
--   idx_memory_access_logs_success is partial (WHERE NOT success): a B-tree
--     on a boolean that is true for nearly every row is never chosen for
--     success = true; the failures are what anyone looks up.
--   The seed's IVFFlat index is replaced by HNSW (change embedding_index).
BEGIN;

SET LOCAL ROLE memory_owner;

-- 1. sessions
CREATE INDEX idx_sessions_user_id ON memory_store.sessions (user_id);
CREATE INDEX idx_sessions_created_at ON memory_store.sessions (created_at);
CREATE INDEX idx_sessions_session_type ON memory_store.sessions (session_type);

-- 2. memory_entries
CREATE INDEX idx_memory_entries_session_id ON memory_store.memory_entries (session_id, created_at);
CREATE INDEX idx_memory_entries_memory_type ON memory_store.memory_entries (memory_type);
CREATE INDEX idx_memory_entries_created_at ON memory_store.memory_entries (created_at);
CREATE INDEX idx_memory_entries_expires_at ON memory_store.memory_entries (expires_at);
CREATE INDEX idx_memory_entries_source_agent ON memory_store.memory_entries (source_agent);
CREATE INDEX idx_memory_entries_text_content ON memory_store.memory_entries
    USING gin (to_tsvector('english'::regconfig, text_content));
CREATE INDEX idx_memory_entries_priority ON memory_store.memory_entries (priority);
CREATE INDEX idx_memory_entries_content ON memory_store.memory_entries USING gin (content);

-- 3. memory_tags
CREATE INDEX idx_memory_tags_tag ON memory_store.memory_tags (tag);

-- 4. vector_embeddings (the vector index itself: change embedding_index)
CREATE INDEX idx_vector_embeddings_embedding_model ON memory_store.vector_embeddings (embedding_model);

-- 5. user_profiles
CREATE INDEX idx_user_profiles_is_active ON memory_store.user_profiles (is_active);
CREATE INDEX idx_user_profiles_preferences ON memory_store.user_profiles USING gin (preferences);

-- 6. agent_states
CREATE INDEX idx_agent_states_session_id ON memory_store.agent_states (session_id);
CREATE INDEX idx_agent_states_expires_at ON memory_store.agent_states (expires_at);

-- 7. memory_relationships
CREATE INDEX idx_memory_relationships_target ON memory_store.memory_relationships (target_memory_id);
CREATE INDEX idx_memory_relationships_type ON memory_store.memory_relationships (relationship_type);

-- 8. memory_access_logs
CREATE INDEX idx_memory_access_logs_memory_id ON memory_store.memory_access_logs (memory_id);
CREATE INDEX idx_memory_access_logs_session_id ON memory_store.memory_access_logs (session_id);
CREATE INDEX idx_memory_access_logs_agent_id ON memory_store.memory_access_logs (agent_id);
CREATE INDEX idx_memory_access_logs_timestamp ON memory_store.memory_access_logs ("timestamp");
CREATE INDEX idx_memory_access_logs_operation ON memory_store.memory_access_logs (operation);
CREATE INDEX idx_memory_access_logs_success ON memory_store.memory_access_logs (success) WHERE NOT success;

COMMIT;
