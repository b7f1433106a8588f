-- Deploy memory-orchestrator:import_signoff to pg
-- requires: function_layout
-- requires: checker_findings
-- A migration a DBA can sign off (issue 14): the file is the ground truth.
-- The reader stages every record of the file, including the ones it cannot
-- use (with their reason), with its position, byte offset and key; a run
-- ends with the file's record count, a status and finished_at, always.
-- The last record of a key in a file wins (the earlier ones are superseded,
-- so a second import changes nothing). A bad turn, entity or interaction is
-- rejected alone (import_rejects.part). History is not held to the agent
-- API's 64 KiB: 1 MiB of content per memory. Legacy priority is mapped.
-- Writing memories during an import no longer moves the sessions'
-- updated_at (last_interaction stays, in any import order). A large load of
-- embeddings defers the vector index and rebuilds it once.
BEGIN;

SET LOCAL ROLE memory_owner;

ALTER TABLE memory_store.import_runs
    ADD COLUMN file_format text,
    ADD COLUMN file_records bigint,
    ADD COLUMN superseded bigint NOT NULL DEFAULT 0,
    ADD COLUMN duplicates_marked boolean NOT NULL DEFAULT false,
    ADD COLUMN status text,
    ADD COLUMN status_detail text,
    ADD CONSTRAINT import_runs_status_check CHECK (status IN ('ok', 'rejects', 'mismatch', 'failed')),
    ADD CONSTRAINT import_runs_file_format_check CHECK (file_format IN ('jsonl', 'array'));
COMMENT ON COLUMN memory_store.import_runs.file_records IS
    'Records the reader found in the file (the ground truth of the reconciliation)';
COMMENT ON COLUMN memory_store.import_runs.status IS
    'ok, rejects (all accounted for, some rejected), mismatch (the file is not accounted for) or failed (the client stopped); NULL while running';

ALTER TABLE memory_store.import_staging
    ADD COLUMN file_line integer,
    ADD COLUMN byte_offset bigint,
    ADD COLUMN record_key text,
    ADD COLUMN embedding text,
    ADD COLUMN error_sqlstate text,
    ADD COLUMN error_reason text,
    ADD COLUMN skeleton jsonb,
    DROP CONSTRAINT import_staging_status_check,
    ADD CONSTRAINT import_staging_status_check
        CHECK (status IN ('imported', 'updated', 'skipped', 'superseded', 'rejected')),
    ADD CONSTRAINT import_staging_error_check CHECK ((error_sqlstate IS NULL) = (error_reason IS NULL));
-- Staged text is read once and thrown away: not worth compressing (pglz on
-- every 30 KB record was a large part of the staging time).
ALTER TABLE memory_store.import_staging
    ALTER COLUMN raw SET STORAGE EXTERNAL,
    ALTER COLUMN embedding SET STORAGE EXTERNAL;
COMMENT ON COLUMN memory_store.import_staging.line_number IS
    'Position of the record in the file: its line (JSON Lines) or its element number (JSON array)';
COMMENT ON COLUMN memory_store.import_staging.embedding IS
    'A context item''s embedding (a JSON array of 1536 numbers) that the reader took out of raw: cast to a vector directly';
COMMENT ON COLUMN memory_store.import_staging.error_sqlstate IS
    'Set by the reader for a record it cannot use (bad bytes, invalid JSON, truncated, too big): rejected as it is';

ALTER TABLE memory_store.import_rejects
    ADD COLUMN part text NOT NULL DEFAULT '',
    DROP CONSTRAINT import_rejects_pkey,
    ADD CONSTRAINT import_rejects_pkey PRIMARY KEY (run_id, line_number, part);
COMMENT ON COLUMN memory_store.import_rejects.part IS
    'The part of the record rejected alone (conversation_history[n], entity_knowledge[name], interaction_history[n]); empty = the whole record';

CREATE TABLE memory_store.import_deferred_indexes (
    index_name  text PRIMARY KEY,
    definition  text NOT NULL,
    description text,
    run_id      bigint,
    deferred_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE memory_store.import_deferred_indexes IS
    'Legacy import: vector indexes dropped for a large load, rebuilt by import_finish / import_restore_indexes()';
GRANT SELECT ON memory_store.import_deferred_indexes TO memory_dba;

\ir ../functions/memory_store/import/import_priority.v1.sql
\ir ../functions/memory_store/import/import_unknown_fields.v1.sql
\ir ../functions/memory_store/import/import_put_session.v1.sql
\ir ../functions/memory_store/import/import_content.v1.sql
\ir ../functions/history/memory_store/import/import_put_memory.v2.sql
\ir ../functions/memory_store/import/import_put_item.v1.sql
\ir ../functions/memory_store/import/import_result.v1.sql
DROP FUNCTION memory_store.import_contextual_memory_record(jsonb);
DROP FUNCTION memory_store.import_session_memory_agent_record(jsonb);
DROP FUNCTION memory_store.import_jarvis_memory_record(jsonb);
\ir ../functions/memory_store/import/import_context_fields.v1.sql
\ir ../functions/memory_store/import/import_contextual_memory_record.v2.sql
\ir ../functions/history/memory_store/import/import_contextual_batch.v1.sql
\ir ../functions/memory_store/import/import_session_memory_agent_record.v3.sql
\ir ../functions/history/memory_store/import/import_jarvis_memory_record.v4.sql
\ir ../functions/memory_store/import/import_applied.v1.sql
\ir ../functions/memory_store/import/import_keys.v1.sql
\ir ../functions/memory_store/import/import_prepare.v1.sql
\ir ../functions/history/memory_store/import/import_restore_indexes.v1.sql
\ir ../functions/history/memory_store/import/import_finish.v1.sql
\ir ../functions/memory_store/import/import_fail.v1.sql
REVOKE ALL ON FUNCTION
    memory_store.import_priority(text, jsonb),
    memory_store.import_unknown_fields(jsonb, text[]),
    memory_store.import_put_session(text, text, timestamptz, timestamptz, jsonb, text, text, boolean),
    memory_store.import_content(jsonb),
    memory_store.import_context_fields(jsonb, text),
    memory_store.import_contextual_batch(bigint, integer),
    memory_store.import_put_memory(text, text, text, jsonb, text, timestamptz, timestamptz, integer),
    memory_store.import_put_memory(text, text, text, jsonb, text, timestamptz, timestamptz),
    memory_store.import_put_item(text, text, text, text, jsonb, text, timestamptz, timestamptz, integer, text[],
                                 extensions.vector, text),
    memory_store.import_result(text[], jsonb),
    memory_store.import_contextual_memory_record(jsonb, text),
    memory_store.import_contextual_memory_record(jsonb),
    memory_store.import_session_memory_agent_record(jsonb),
    memory_store.import_jarvis_memory_record(jsonb),
    memory_store.import_applied(bigint),
    memory_store.import_keys(bigint),
    memory_store.import_prepare(bigint),
    memory_store.import_restore_indexes(),
    memory_store.import_finish(bigint, bigint, text),
    memory_store.import_fail(bigint, text)
FROM PUBLIC;

-- The entry points belong to memory_maintainer (they see every tenant's
-- rows); the ones it already owns are replaced as the deploying role.
RESET ROLE;
ALTER FUNCTION memory_store.import_prepare(bigint) OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.import_restore_indexes() OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.import_finish(bigint, bigint, text) OWNER TO memory_maintainer;
ALTER FUNCTION memory_store.import_fail(bigint, text) OWNER TO memory_maintainer;
GRANT EXECUTE ON FUNCTION
    memory_store.import_prepare(bigint),
    memory_store.import_restore_indexes(),
    memory_store.import_finish(bigint, bigint, text),
    memory_store.import_fail(bigint, text)
TO memory_dba;
\ir ../functions/memory_store/import/import_run.v2.sql
\ir ../functions/memory_store/import/reconcile.v3.sql
\ir ../functions/memory_store/sessions/touch_sessions_of_new_rows.v2.sql

COMMIT;
