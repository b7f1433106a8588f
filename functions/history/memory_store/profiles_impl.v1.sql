-- User profiles and preferences: the internal implementation behind
-- memory.upsert_user_profile, memory.set_preference,
-- memory.remove_preference and memory.get_user_profile (and their dispatch
-- actions). Plain logic: validates, raises typed errors, writes no audit row.
--
-- profile_data and preferences are JSON objects (22023 otherwise) of at most
-- limits().max_content_bytes each (54000), checked on what is stored.

-- A profile document: NULL stays NULL; otherwise a JSON object of bounded size.
CREATE FUNCTION memory_store.check_profile_object(p_name text, p_value jsonb)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_bytes integer;
BEGIN
    IF p_value IS NULL THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(p_value) <> 'object' THEN
        RAISE EXCEPTION '% must be a JSON object, got %', p_name, jsonb_typeof(p_value)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_bytes := octet_length(p_value::text);
    IF v_bytes > (SELECT max_content_bytes FROM memory_store.limits()) THEN
        RAISE EXCEPTION '% is % bytes, the limit is %', p_name, v_bytes, (SELECT max_content_bytes FROM memory_store.limits())
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    RETURN p_value;
END
$fn$;

-- Creates or updates a profile. Merge semantics: a given (non-NULL)
-- argument replaces the stored field as a whole; a NULL argument keeps it.
-- A new profile starts with the given fields (NULL otherwise) and
-- is_active true unless given. updated_at moves on every call.
CREATE FUNCTION memory_store.upsert_user_profile_impl(p_user_id text, p_profile_data jsonb,
                                                      p_preferences jsonb, p_is_active boolean)
RETURNS memory.user_profile
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_row memory.user_profile;
BEGIN
    PERFORM memory_store.check_id('user_id', memory_store.require('user_id', p_user_id));
    PERFORM memory_store.check_profile_object('profile_data', p_profile_data);
    PERFORM memory_store.check_profile_object('preferences', p_preferences);
    INSERT INTO memory_store.user_profiles AS u (user_id, profile_data, preferences, is_active)
    VALUES (p_user_id, p_profile_data, p_preferences, coalesce(p_is_active, true))
    ON CONFLICT ON CONSTRAINT user_profiles_pkey DO UPDATE
       SET profile_data = coalesce(p_profile_data, u.profile_data),
           preferences  = coalesce(p_preferences, u.preferences),
           is_active    = coalesce(p_is_active, u.is_active),
           updated_at   = now()
    RETURNING u.user_id, u.created_at, u.updated_at, u.profile_data, u.preferences, u.is_active
    INTO v_row;
    RETURN v_row;
END
$fn$;

-- Sets one preference key (the value may be any JSON, JSON null included),
-- creating the profile when it is missing; the other keys are kept. The
-- merged preferences must stay within the size bound (54000; the raise
-- rolls the write back).
CREATE FUNCTION memory_store.set_preference_impl(p_user_id text, p_key text, p_value jsonb)
RETURNS memory.user_profile
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_row memory.user_profile;
BEGIN
    PERFORM memory_store.check_id('user_id', memory_store.require('user_id', p_user_id));
    PERFORM memory_store.check_id('key', memory_store.require('key', p_key));
    PERFORM memory_store.require('value', p_value);
    PERFORM memory_store.check_profile_object('preferences', jsonb_build_object(p_key, p_value));
    INSERT INTO memory_store.user_profiles AS u (user_id, preferences)
    VALUES (p_user_id, jsonb_build_object(p_key, p_value))
    ON CONFLICT ON CONSTRAINT user_profiles_pkey DO UPDATE
       SET preferences = coalesce(u.preferences, '{}'::jsonb) || jsonb_build_object(p_key, p_value),
           updated_at  = now()
    RETURNING u.user_id, u.created_at, u.updated_at, u.profile_data, u.preferences, u.is_active
    INTO v_row;
    PERFORM memory_store.check_profile_object('preferences', v_row.preferences);
    RETURN v_row;
END
$fn$;

-- Removes one preference key. Returns the profile, or NULL when the user
-- has no profile (nothing to remove). updated_at moves only when the key was there.
CREATE FUNCTION memory_store.remove_preference_impl(p_user_id text, p_key text)
RETURNS memory.user_profile
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_row memory.user_profile;
BEGIN
    PERFORM memory_store.check_id('user_id', memory_store.require('user_id', p_user_id));
    PERFORM memory_store.check_id('key', memory_store.require('key', p_key));
    UPDATE memory_store.user_profiles AS u
       SET preferences = u.preferences - p_key,
           updated_at  = now()
     WHERE u.user_id = p_user_id AND u.preferences ? p_key
    RETURNING u.user_id, u.created_at, u.updated_at, u.profile_data, u.preferences, u.is_active
    INTO v_row;
    IF NOT FOUND THEN
        RETURN memory_store.get_user_profile_impl(p_user_id);
    END IF;
    RETURN v_row;
END
$fn$;

-- The profile of a user, or NULL when there is none (a session may precede
-- its user's profile, so "no profile yet" is an answer, not an error).
CREATE FUNCTION memory_store.get_user_profile_impl(p_user_id text)
RETURNS memory.user_profile
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_row memory.user_profile;
BEGIN
    PERFORM memory_store.check_id('user_id', memory_store.require('user_id', p_user_id));
    SELECT u.user_id, u.created_at, u.updated_at, u.profile_data, u.preferences, u.is_active
      INTO v_row
      FROM memory_store.user_profiles u WHERE u.user_id = p_user_id;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    RETURN v_row;
END
$fn$;
