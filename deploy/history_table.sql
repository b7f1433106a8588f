-- Deploy memory-orchestrator:history_table to pg
-- requires: search_ranked
-- Memory that remembers how it changed (issue 17, point 1): the history
-- contract. memory_entries (hot and archive) gain version, changed_by and
-- change_operation; every change of a memory keeps the version it replaced in
-- memory_store.memory_versions, written by triggers in the writer's
-- transaction; memory_store.embedding_versions keeps replaced and deleted
-- embeddings. Both are append-only (the access log's way: a trigger that
-- holds the owner too), under the tenant policy, with no privilege for
-- agents; the versions of a memory go only with the memory (foreign key to
-- the registry, ON DELETE CASCADE). memories_as_of / embeddings_as_of answer
-- as the store stood at an instant (SECURITY INVOKER: the policy applies).
BEGIN;

SET LOCAL ROLE memory_owner;

-- Fast defaults: no table rewrite. Rows from before this change are version
-- 1 of an unknown agent; rows already archived count as version 2, made by
-- the archive move (the hot version they replaced was never kept).
ALTER TABLE memory_store.memory_entries
    ADD COLUMN version integer NOT NULL DEFAULT 1,
    ADD COLUMN changed_by varchar(64),
    ADD COLUMN change_operation varchar(16) NOT NULL DEFAULT 'create';
ALTER TABLE memory_store.memory_entries ALTER COLUMN changed_by SET DEFAULT memory_store.current_agent_id();
ALTER TABLE memory_archive.memory_entries
    ADD COLUMN version integer NOT NULL DEFAULT 2,
    ADD COLUMN changed_by varchar(64),
    ADD COLUMN change_operation varchar(16) NOT NULL DEFAULT 'archive';
ALTER TABLE memory_archive.memory_entries
    ALTER COLUMN version SET DEFAULT 1,
    ALTER COLUMN change_operation SET DEFAULT 'create';
COMMENT ON COLUMN memory_store.memory_entries.version IS
    'History: 1 at create, +1 at every change (memory_store.memory_entries_version); the replaced versions are in memory_store.memory_versions';
COMMENT ON COLUMN memory_store.memory_entries.changed_by IS
    'History: the agent (memory_store.current_agent_id) whose change made the current version';
COMMENT ON COLUMN memory_store.memory_entries.change_operation IS
    'History: the operation that made the current version: create, update, tag, delete, restore, archive, unarchive, import, dedupe';

CREATE TABLE memory_store.memory_versions (
    memory_id         varchar(64) NOT NULL,
    user_id           varchar(64),
    version           integer NOT NULL,
    valid_from        timestamptz NOT NULL,
    valid_to          timestamptz NOT NULL,
    operation         varchar(16) NOT NULL,
    agent_id          varchar(64),
    session_id        varchar(64),
    memory_type       varchar(32) NOT NULL,
    content           jsonb NOT NULL,
    content_encrypted bytea,
    is_sensitive      boolean NOT NULL DEFAULT false,
    source_agent      varchar(64),
    tags              text[] NOT NULL DEFAULT '{}',
    priority          integer NOT NULL,
    expires_at        timestamptz,
    is_active         boolean NOT NULL,
    created_at        timestamptz NOT NULL,
    CONSTRAINT memory_versions_pkey PRIMARY KEY (memory_id, version),
    CONSTRAINT memory_versions_memory_id_fkey FOREIGN KEY (memory_id)
        REFERENCES memory_store.memory_registry (memory_id) ON DELETE CASCADE,
    CONSTRAINT memory_versions_valid CHECK (valid_from <= valid_to)
);
COMMENT ON TABLE memory_store.memory_versions IS
    'History: one row per replaced version of a memory (the current one is its memory_entries row), written by the triggers of memory_entries in the writer''s transaction; append-only (memory_store.memory_versions_append_only); removed only with its memory (registry cascade); read by memory.memory_history and memory_store.memories_as_of under the tenant policy.';
CREATE INDEX memory_versions_user_valid_to ON memory_store.memory_versions (user_id, valid_to);

CREATE TABLE memory_store.embedding_versions (
    embedding_version_id bigint GENERATED ALWAYS AS IDENTITY,
    memory_id            varchar(64) NOT NULL,
    user_id              varchar(64),
    embedding_model      varchar(64) NOT NULL,
    embedding            extensions.vector(1536) NOT NULL,
    valid_from           timestamptz NOT NULL,
    valid_to             timestamptz NOT NULL,
    CONSTRAINT embedding_versions_pkey PRIMARY KEY (embedding_version_id),
    CONSTRAINT embedding_versions_memory_id_fkey FOREIGN KEY (memory_id)
        REFERENCES memory_store.memory_registry (memory_id) ON DELETE CASCADE,
    CONSTRAINT embedding_versions_valid CHECK (valid_from <= valid_to)
);
COMMENT ON TABLE memory_store.embedding_versions IS
    'History: the embeddings memories had before they were replaced or deleted (memory_store.vector_embeddings_keep_version); append-only; read by memory_store.embeddings_as_of under the tenant policy.';
CREATE INDEX embedding_versions_memory ON memory_store.embedding_versions (memory_id, embedding_model, valid_to);
CREATE INDEX embedding_versions_user_valid_to ON memory_store.embedding_versions (user_id, valid_to);

SELECT memory_store.apply_tenant_policy('memory_store.memory_versions');
SELECT memory_store.apply_tenant_policy('memory_store.embedding_versions');

\ir ../functions/memory_store/memories/memory_entries_version.v1.sql
\ir ../functions/memory_store/memories/memory_entries_keep_version.v1.sql
\ir ../functions/memory_store/memories/vector_embeddings_keep_version.v1.sql
\ir ../functions/memory_store/memories/memory_versions_append_only.v1.sql
\ir ../functions/memory_store/memories/memories_as_of.v1.sql
\ir ../functions/memory_store/memories/embeddings_as_of.v1.sql

-- BEFORE triggers fire in name order: the version bookkeeping after
-- keep_id, set_updated_at and set_user_id, so it sees the final row.
CREATE TRIGGER memory_entries_version BEFORE UPDATE ON memory_store.memory_entries
    FOR EACH ROW EXECUTE FUNCTION memory_store.memory_entries_version();
CREATE TRIGGER memory_entries_version_kept AFTER UPDATE ON memory_store.memory_entries
    FOR EACH ROW WHEN (OLD.version IS DISTINCT FROM NEW.version)
    EXECUTE FUNCTION memory_store.memory_entries_keep_version();
CREATE TRIGGER memory_entries_version_unarchive BEFORE INSERT ON memory_store.memory_entries
    FOR EACH ROW WHEN (NEW.version > 1)
    EXECUTE FUNCTION memory_store.memory_entries_keep_version();
CREATE TRIGGER memory_entries_version BEFORE UPDATE ON memory_archive.memory_entries
    FOR EACH ROW EXECUTE FUNCTION memory_store.memory_entries_version();
CREATE TRIGGER memory_entries_version_kept AFTER UPDATE ON memory_archive.memory_entries
    FOR EACH ROW WHEN (OLD.version IS DISTINCT FROM NEW.version)
    EXECUTE FUNCTION memory_store.memory_entries_keep_version();
CREATE TRIGGER memory_entries_version_archive BEFORE INSERT ON memory_archive.memory_entries
    FOR EACH ROW EXECUTE FUNCTION memory_store.memory_entries_keep_version();

CREATE TRIGGER vector_embeddings_version_deleted AFTER DELETE ON memory_store.vector_embeddings
    FOR EACH ROW EXECUTE FUNCTION memory_store.vector_embeddings_keep_version();
CREATE TRIGGER vector_embeddings_version_replaced AFTER UPDATE OF embedding, embedding_model ON memory_store.vector_embeddings
    FOR EACH ROW WHEN (NOT (OLD.embedding OPERATOR(extensions.=) NEW.embedding)
                       OR OLD.embedding_model IS DISTINCT FROM NEW.embedding_model)
    EXECUTE FUNCTION memory_store.vector_embeddings_keep_version();

CREATE TRIGGER memory_versions_append_only BEFORE UPDATE OR DELETE ON memory_store.memory_versions
    FOR EACH ROW EXECUTE FUNCTION memory_store.memory_versions_append_only();
CREATE TRIGGER memory_versions_no_truncate BEFORE TRUNCATE ON memory_store.memory_versions
    FOR EACH STATEMENT EXECUTE FUNCTION memory_store.memory_versions_append_only();
CREATE TRIGGER embedding_versions_append_only BEFORE UPDATE OR DELETE ON memory_store.embedding_versions
    FOR EACH ROW EXECUTE FUNCTION memory_store.memory_versions_append_only();
CREATE TRIGGER embedding_versions_no_truncate BEFORE TRUNCATE ON memory_store.embedding_versions
    FOR EACH STATEMENT EXECUTE FUNCTION memory_store.memory_versions_append_only();

RESET ROLE;

-- The keeping triggers write the versions of whoever wrote the memory (a
-- tenant, or maintenance for every tenant), like notify_memory_changes.
ALTER FUNCTION memory_store.memory_entries_keep_version() OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.vector_embeddings_keep_version() OWNER TO memory_maintainer;

COMMIT;
