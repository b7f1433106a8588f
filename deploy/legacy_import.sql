-- Deploy memory-orchestrator:legacy_import to pg
-- requires: memory_types
-- requires: agent_states
-- requires: vector_embeddings
-- requires: memory_access_logs
-- requires: api_support
-- requires: api_triggers
-- Importers from the three legacy memory systems (SessionMemoryAgent,
-- contextual_memory_pc2, jarvis_memory_pc2). A client COPYs a file's records
-- into a run's staging rows; memory_store.import_run maps each record in its
-- own subtransaction (bad ones go to import_rejects with line number and
-- reason); memory_store.reconcile compares source counts with target rows.
-- For the DBA (memory_dba), not for agents.
BEGIN;

SET LOCAL ROLE memory_owner;

CREATE TABLE memory_store.import_runs (
    run_id        bigint GENERATED ALWAYS AS IDENTITY,
    source_system text NOT NULL,
    source_name   text,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    imported      bigint NOT NULL DEFAULT 0,
    updated       bigint NOT NULL DEFAULT 0,
    skipped       bigint NOT NULL DEFAULT 0,
    rejected      bigint NOT NULL DEFAULT 0,
    CONSTRAINT import_runs_pkey PRIMARY KEY (run_id),
    CONSTRAINT import_runs_source_system_check
        CHECK (source_system IN ('SessionMemoryAgent', 'contextual_memory_pc2', 'jarvis_memory_pc2'))
);
COMMENT ON TABLE memory_store.import_runs IS
    'Legacy import: one row per import run (a file of one legacy system) with its running counts';

-- Unlogged: staging is transient (a crash empties it; the run is simply
-- repeated, imports are idempotent) and writing it twice (WAL) would double
-- the cost of a large import.
CREATE UNLOGGED TABLE memory_store.import_staging (
    run_id      bigint NOT NULL,
    line_number integer NOT NULL,
    raw         text COMPRESSION lz4 NOT NULL,   -- lz4: pglz made COPY of embeddings CPU-bound
    status      text,
    CONSTRAINT import_staging_pkey PRIMARY KEY (run_id, line_number),
    CONSTRAINT import_staging_run_id_fkey FOREIGN KEY (run_id)
        REFERENCES memory_store.import_runs (run_id) ON DELETE CASCADE,
    CONSTRAINT import_staging_status_check CHECK (status IN ('imported', 'updated', 'skipped', 'rejected'))
);
COMMENT ON TABLE memory_store.import_staging IS
    'Legacy import: the records of a run as exported (one JSON text each, with its line number in the file); status NULL = pending';

CREATE TABLE memory_store.import_rejects (
    run_id      bigint NOT NULL,
    line_number integer NOT NULL,
    sqlstate    text NOT NULL,
    reason      text NOT NULL,
    raw_excerpt text,
    CONSTRAINT import_rejects_pkey PRIMARY KEY (run_id, line_number),
    CONSTRAINT import_rejects_run_id_fkey FOREIGN KEY (run_id)
        REFERENCES memory_store.import_runs (run_id) ON DELETE CASCADE
);
COMMENT ON TABLE memory_store.import_rejects IS
    'Legacy import: records refused by a run, with their line number, SQLSTATE and reason';

\ir ../functions/history/memory_store/import_support.v1.sql
\ir ../functions/history/memory_store/import_records.v1.sql
\ir ../functions/history/memory_store/import_run.v1.sql

GRANT SELECT ON memory_store.import_runs, memory_store.import_rejects TO memory_dba;
GRANT SELECT, INSERT ON memory_store.import_staging TO memory_dba;
GRANT EXECUTE ON FUNCTION
    memory_store.import_begin(text, text),
    memory_store.import_run(bigint, integer),
    memory_store.reconcile(bigint),
    memory_store.import_purge(bigint)
TO memory_dba;

COMMIT;
