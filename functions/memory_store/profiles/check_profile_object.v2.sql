-- memory_store.check_profile_object(p_name text, p_value jsonb) RETURNS
--     jsonb
--
-- A profile document: NULL stays NULL; otherwise a JSON object of bounded size
-- (memory_store.check_json_object, the rule of every stored JSON document).
-- No SET clause, so that it inlines into its caller.
--
-- Errors:
--   22023 % must be a JSON object, got %
--   54000 % is % bytes, the limit is %
-- Example:
--   memory_store.check_profile_object('preferences',
--       jsonb_build_object(p_key, p_value))
--   (as memory_store.set_preference_impl calls it)

CREATE OR REPLACE FUNCTION memory_store.check_profile_object(p_name text, p_value jsonb)
RETURNS jsonb
LANGUAGE sql IMMUTABLE
AS $fn$
    SELECT memory_store.check_json_object(p_name, p_value);
$fn$;
