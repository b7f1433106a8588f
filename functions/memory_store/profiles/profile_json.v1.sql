-- memory_store.profile_json(p_profile memory.user_profile) RETURNS jsonb
--
-- A user profile as the profile actions of memory.dispatch answer with: the
-- record as a JSON object, or JSON null when there is no profile.
--
-- Errors:
--   none of its own
-- Example:
--   memory_store.profile_json(memory_store.get_user_profile_impl(v_user
--       _id))
--   (as memory_store.dispatch_get_profile calls it)

CREATE OR REPLACE FUNCTION memory_store.profile_json(p_profile memory.user_profile)
RETURNS jsonb
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT CASE WHEN p_profile.user_id IS NULL THEN 'null'::jsonb ELSE to_jsonb(p_profile) END $fn$;
