-- memory_store.import_entity_text(p_name text, p_attributes jsonb) RETURNS
--     text
--
-- The text of an entity memory: its name, its type, its facts (or, without
-- facts, its other attributes).
--
-- Errors:
--   none of its own
-- Example:
--   SELECT memory_store.import_entity_text('Leeds', '{"type": "city", "facts": ["home town"]}');

CREATE OR REPLACE FUNCTION memory_store.import_entity_text(p_name text, p_attributes jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT p_name
        || coalesce(' (' || (p_attributes ->> 'type') || ')', '')
        || coalesce(': ' || CASE
               WHEN jsonb_typeof(p_attributes -> 'facts') = 'array' THEN
                   (SELECT string_agg(CASE WHEN jsonb_typeof(f) = 'string' THEN f #>> '{}' ELSE f::text END, '; ' ORDER BY pos)
                      FROM jsonb_array_elements(p_attributes -> 'facts') WITH ORDINALITY AS t(f, pos))
               WHEN p_attributes ? 'facts' THEN p_attributes ->> 'facts'
               ELSE nullif((SELECT string_agg(CASE WHEN key = 'value' THEN '' ELSE key || ' ' END
                                              || CASE WHEN jsonb_typeof(value) = 'string' THEN value #>> '{}'
                                                      ELSE value::text END, '; ' ORDER BY key)
                              FROM jsonb_each(p_attributes - 'type')), '')
           END, '')
$fn$;

COMMENT ON FUNCTION memory_store.import_entity_text(p_name text, p_attributes jsonb) IS 'Legacy import: searchable text of a jarvis entity. Example: SELECT memory_store.import_entity_text(''Leeds'', ''{"type": "city", "facts": ["home town"]}'');';
