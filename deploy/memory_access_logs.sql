-- Deploy memory-orchestrator:memory_access_logs to pg
-- requires: sessions
-- requires: memory_registry
-- requires: partition_maintenance
-- Seed table 8, range-partitioned by month on "timestamp" (UTC months), so
-- the primary key is (log_id, "timestamp"). log_id is bigserial: one row per
-- API call outgrows a 32-bit serial (README, "Deviations from the seed").
BEGIN;

SET LOCAL ROLE memory_owner;

CREATE TABLE memory_store.memory_access_logs (
    log_id        bigserial NOT NULL,
    memory_id     varchar(64),
    session_id    varchar(64),
    agent_id      varchar(64),
    operation     varchar(16) NOT NULL,
    "timestamp"   timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    request_data  jsonb,
    success       boolean NOT NULL,
    error_message text,
    ip_address    varchar(45),
    CONSTRAINT memory_access_logs_pkey PRIMARY KEY (log_id, "timestamp"),
    CONSTRAINT memory_access_logs_memory_id_fkey FOREIGN KEY (memory_id)
        REFERENCES memory_store.memory_registry (memory_id) ON DELETE SET NULL,
    CONSTRAINT memory_access_logs_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES memory_store.sessions (session_id) ON DELETE SET NULL
) PARTITION BY RANGE ("timestamp");

COMMENT ON TABLE memory_store.memory_access_logs IS
    'Audit trail of every memory access (seed table 8); monthly range partitions on "timestamp" plus a DEFAULT partition';

CREATE TABLE memory_store.memory_access_logs_default
    PARTITION OF memory_store.memory_access_logs DEFAULT;

GRANT SELECT ON memory_store.memory_access_logs TO memory_auditor;

\if :{?partition_months_ahead}
\else
\set partition_months_ahead 3
\endif
SELECT count(*) AS monthly_partitions
  FROM memory_store.ensure_monthly_partitions('memory_store.memory_access_logs',
                                              (now() AT TIME ZONE 'UTC')::date,
                                              :'partition_months_ahead'::integer) \gset

COMMIT;
