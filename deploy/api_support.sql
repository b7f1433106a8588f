-- Deploy memory-orchestrator:api_support to pg
-- requires: memory_types
-- requires: memory_access_logs
-- What every API function shares: the result types, the error taxonomy,
-- input validation, request sanitizing and the audit write, and the table
-- of dispatch actions that memory.dispatch routes by.
BEGIN;

SET LOCAL ROLE memory_owner;

-- A memory as the API returns it: the row plus its tags.
CREATE TYPE memory.memory_record AS (
    memory_id    varchar(64),
    session_id   varchar(64),
    memory_type  varchar(32),
    content      jsonb,
    text_content text,
    source_agent varchar(64),
    created_at   timestamptz,
    updated_at   timestamptz,
    expires_at   timestamptz,
    priority     integer,
    is_active    boolean,
    tags         text[]
);
COMMENT ON TYPE memory.memory_record IS 'A memory as the API returns it: the memory_entries row plus its tags';

-- One shape for keyword, semantic and hybrid search results.
CREATE TYPE memory.search_result AS (
    memory_id        varchar(64),
    session_id       varchar(64),
    memory_type      varchar(32),
    content          jsonb,
    text_content     text,
    source_agent     varchar(64),
    created_at       timestamptz,
    updated_at       timestamptz,
    expires_at       timestamptz,
    priority         integer,
    is_active        boolean,
    tags             text[],
    score            double precision,
    similarity_score double precision
);
COMMENT ON TYPE memory.search_result IS
'A search hit: the memory, its tags, score (higher is better: ts_rank_cd, cosine similarity or RRF) and similarity_score (cosine similarity, NULL for keyword search)';

-- The actions memory.dispatch knows. Each API change registers its own.
CREATE TABLE memory_store.dispatch_actions (
    action      varchar(32) NOT NULL,
    handler     regprocedure NOT NULL,
    operation   varchar(16) NOT NULL,
    description text NOT NULL,
    CONSTRAINT dispatch_actions_pkey PRIMARY KEY (action),
    CONSTRAINT dispatch_actions_operation_check
        CHECK (operation IN ('create', 'read', 'update', 'delete', 'search', 'health'))
);
COMMENT ON TABLE memory_store.dispatch_actions IS
'Actions of memory.dispatch: handler(payload jsonb, session_id text) RETURNS jsonb data; operation is the audit log''s operation';

\ir ../functions/history/memory_store/api_errors.v1.sql
\ir ../functions/history/memory_store/api_validation.v1.sql
\ir ../functions/history/memory_store/sanitize_request.v1.sql
\ir ../functions/history/memory_store/audit.v1.sql
\ir ../functions/history/memory_store/audit_autonomous.v1.sql
\ir ../functions/history/memory_store/dispatch_support.v1.sql

INSERT INTO memory_store.dispatch_actions (action, handler, operation, description) VALUES
    ('health', 'memory_store.dispatch_health(jsonb, text)', 'health', 'The package answers: versions and actions');

COMMIT;
