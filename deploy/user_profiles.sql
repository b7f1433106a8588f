-- Deploy memory-orchestrator:user_profiles to pg
-- requires: schemas
-- Seed table 5.
BEGIN;

SET LOCAL ROLE memory_owner;

CREATE TABLE memory_store.user_profiles (
    user_id      varchar(64) NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at   timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    profile_data jsonb,
    preferences  jsonb,
    is_active    boolean NOT NULL DEFAULT true,
    CONSTRAINT user_profiles_pkey PRIMARY KEY (user_id)
);

COMMENT ON TABLE memory_store.user_profiles IS 'User profiles and preferences (seed table 5)';

COMMIT;
