-- Revert memory-orchestrator:import_signoff from pg
BEGIN;

SELECT memory_store.import_restore_indexes();
\ir ../functions/history/memory_store/sessions/touch_sessions_of_new_rows.v1.sql
\ir ../functions/history/memory_store/import/reconcile.v2.sql
\ir ../functions/history/memory_store/import/import_run.v1.sql

SET LOCAL ROLE memory_owner;

DROP FUNCTION memory_store.import_fail(bigint, text);
DROP FUNCTION memory_store.import_finish(bigint, bigint, text);
DROP FUNCTION memory_store.import_restore_indexes();
DROP FUNCTION memory_store.import_prepare(bigint);
DROP FUNCTION memory_store.import_keys(bigint);
DROP FUNCTION memory_store.import_applied(bigint);
DROP FUNCTION memory_store.import_contextual_batch(bigint, integer);
DROP FUNCTION memory_store.import_contextual_memory_record(jsonb, text);
DROP FUNCTION memory_store.import_contextual_memory_record(jsonb);
DROP FUNCTION memory_store.import_context_fields(jsonb, text);
DROP FUNCTION memory_store.import_session_memory_agent_record(jsonb);
DROP FUNCTION memory_store.import_jarvis_memory_record(jsonb);
DROP FUNCTION memory_store.import_result(text[], jsonb);
DROP FUNCTION memory_store.import_put_item(text, text, text, text, jsonb, text, timestamptz, timestamptz, integer, text[],
                                           extensions.vector, text);
DROP FUNCTION memory_store.import_put_memory(text, text, text, jsonb, text, timestamptz, timestamptz, integer);
DROP FUNCTION memory_store.import_put_memory(text, text, text, jsonb, text, timestamptz, timestamptz);
DROP FUNCTION memory_store.import_content(jsonb);
DROP FUNCTION memory_store.import_put_session(text, text, timestamptz, timestamptz, jsonb, text, text, boolean);
DROP FUNCTION memory_store.import_unknown_fields(jsonb, text[]);
DROP FUNCTION memory_store.import_priority(text, jsonb);
\ir ../functions/history/memory_store/import/import_put_memory.v1.sql
\ir ../functions/history/memory_store/import/import_contextual_memory_record.v1.sql
\ir ../functions/history/memory_store/import/import_session_memory_agent_record.v2.sql
\ir ../functions/history/memory_store/import/import_jarvis_memory_record.v3.sql

DROP TABLE memory_store.import_deferred_indexes;
DELETE FROM memory_store.import_rejects WHERE part <> '';
ALTER TABLE memory_store.import_rejects
    DROP CONSTRAINT import_rejects_pkey,
    DROP COLUMN part,
    ADD CONSTRAINT import_rejects_pkey PRIMARY KEY (run_id, line_number);
UPDATE memory_store.import_staging SET status = 'skipped' WHERE status = 'superseded';
ALTER TABLE memory_store.import_staging ALTER COLUMN raw SET STORAGE EXTENDED;
ALTER TABLE memory_store.import_staging
    DROP CONSTRAINT import_staging_status_check,
    DROP CONSTRAINT import_staging_error_check,
    DROP COLUMN file_line,
    DROP COLUMN byte_offset,
    DROP COLUMN record_key,
    DROP COLUMN embedding,
    DROP COLUMN error_sqlstate,
    DROP COLUMN error_reason,
    DROP COLUMN skeleton,
    ADD CONSTRAINT import_staging_status_check CHECK (status IN ('imported', 'updated', 'skipped', 'rejected'));
ALTER TABLE memory_store.import_runs
    DROP CONSTRAINT import_runs_status_check,
    DROP CONSTRAINT import_runs_file_format_check,
    DROP COLUMN file_format,
    DROP COLUMN file_records,
    DROP COLUMN superseded,
    DROP COLUMN duplicates_marked,
    DROP COLUMN status,
    DROP COLUMN status_detail;

COMMIT;
