-- Deploy memory-orchestrator:sessions to pg
-- requires: schemas
-- Seed table 1. Timestamps are timestamptz (README, "Deviations from the seed").
BEGIN;

SET LOCAL ROLE memory_owner;

CREATE TABLE memory_store.sessions (
    session_id   varchar(64) NOT NULL,
    user_id      varchar(64),
    created_at   timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at   timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    ended_at     timestamptz,
    metadata     jsonb,
    summary      text,
    is_archived  boolean NOT NULL DEFAULT false,
    session_type varchar(32) NOT NULL,
    CONSTRAINT sessions_pkey PRIMARY KEY (session_id)
);

COMMENT ON TABLE memory_store.sessions IS 'User interaction sessions (seed table 1)';
COMMENT ON COLUMN memory_store.sessions.user_id IS 'User if authenticated; not a foreign key, as in the seed: sessions may precede a profile';
COMMENT ON COLUMN memory_store.sessions.ended_at IS 'NULL while the session is active';

COMMIT;
