-- Deploy memory-orchestrator:api_profiles to pg
-- requires: api_dispatch
-- User profiles and preferences in the agent API: memory.upsert_user_profile,
-- memory.set_preference, memory.remove_preference, memory.get_user_profile
-- and their dispatch actions.
BEGIN;

SET LOCAL ROLE memory_owner;

-- A user profile as the API returns it: the user_profiles row.
CREATE TYPE memory.user_profile AS (
    user_id      varchar(64),
    created_at   timestamptz,
    updated_at   timestamptz,
    profile_data jsonb,
    preferences  jsonb,
    is_active    boolean
);
COMMENT ON TYPE memory.user_profile IS
'A user profile as the API returns it (the user_profiles row): profile_data and preferences are JSON objects or NULL';

\ir ../functions/history/memory_store/profiles_impl.v1.sql
\ir ../functions/history/memory/profiles.v1.sql
\ir ../functions/history/memory_store/dispatch_profiles.v1.sql

GRANT USAGE ON TYPE memory.user_profile TO memory_agent;
GRANT EXECUTE ON FUNCTION
    memory.upsert_user_profile(text, jsonb, jsonb, boolean),
    memory.set_preference(text, text, jsonb),
    memory.remove_preference(text, text),
    memory.get_user_profile(text)
TO memory_agent;

INSERT INTO memory_store.dispatch_actions (action, handler, operation, description) VALUES
    ('upsert_profile', 'memory_store.dispatch_upsert_profile(jsonb, text)', 'update',
     'Create or update a user profile (given fields replace, missing keep): payload user_id, profile_data, preferences, is_active -> profile'),
    ('set_preference', 'memory_store.dispatch_set_preference(jsonb, text)', 'update',
     'Set one preference key (creates the profile): payload user_id, key, value -> profile'),
    ('remove_preference', 'memory_store.dispatch_remove_preference(jsonb, text)', 'update',
     'Remove one preference key: payload user_id, key -> profile'),
    ('get_profile', 'memory_store.dispatch_get_profile(jsonb, text)', 'read',
     'A user profile: payload user_id -> profile (null when none)');

COMMIT;
