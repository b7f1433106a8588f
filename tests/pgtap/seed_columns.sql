-- Seed conformance, columns: every column of the eight seed tables with the
-- seed's name, type, nullability and default. Expected rows are transcribed
-- from ../shared/seed/memory_db_schema.md; the only differences are the
-- documented deviations (README, "Deviations from the seed"):
--   TIMESTAMP -> timestamp with time zone; memory_access_logs.log_id bigserial;
--   memory_entries.is_sensitive and content_encrypted (sensitive memories);
--   user_id (the owner, for row-level security; change tenancy_columns) on
--   memory_entries, memory_tags, vector_embeddings, memory_relationships and
--   agent_states; memory_access_logs.login_role and user_id (who called and
--   for which tenant, filled by the server; change audit_durable_reads).
-- SERIAL columns appear as integer NOT NULL DEFAULT nextval(<table>_<col>_seq).
BEGIN;
SET LOCAL search_path = public;
SELECT plan(8);

CREATE TEMP VIEW actual_columns AS
SELECT c.relname::text AS table_name, a.attname::text AS column_name,
       format_type(a.atttypid, a.atttypmod) AS data_type,
       CASE WHEN a.attnotnull THEN 'NOT NULL' ELSE 'NULL' END AS nullability,
       CASE a.attgenerated WHEN 's' THEN 'GENERATED ' ELSE '' END
           || coalesce(pg_get_expr(d.adbin, d.adrelid), '') AS default_value
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE c.relnamespace = 'memory_store'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped;

SELECT set_eq(
  $$SELECT column_name, data_type, nullability, default_value FROM actual_columns WHERE table_name = 'sessions'$$,
  $$VALUES ('session_id',   'character varying(64)',    'NOT NULL', ''),
           ('user_id',      'character varying(64)',    'NULL',     ''),
           ('created_at',   'timestamp with time zone', 'NOT NULL', 'CURRENT_TIMESTAMP'),
           ('updated_at',   'timestamp with time zone', 'NOT NULL', 'CURRENT_TIMESTAMP'),
           ('ended_at',     'timestamp with time zone', 'NULL',     ''),
           ('metadata',     'jsonb',                    'NULL',     ''),
           ('summary',      'text',                     'NULL',     ''),
           ('is_archived',  'boolean',                  'NOT NULL', 'false'),
           ('session_type', 'character varying(32)',    'NOT NULL', '')$$,
  'sessions: columns match the seed');

SELECT set_eq(
  $$SELECT column_name, data_type, nullability, default_value FROM actual_columns WHERE table_name = 'memory_entries'$$,
  $$VALUES ('memory_id',    'character varying(64)',    'NOT NULL', ''),
           ('session_id',   'character varying(64)',    'NULL',     ''),
           ('memory_type',  'character varying(32)',    'NOT NULL', ''),
           ('content',      'jsonb',                    'NOT NULL', ''),
           ('text_content', 'text',                     'NULL',     'GENERATED (content ->> ''text''::text)'),
           ('source_agent', 'character varying(64)',    'NULL',     ''),
           ('created_at',   'timestamp with time zone', 'NOT NULL', 'CURRENT_TIMESTAMP'),
           ('updated_at',   'timestamp with time zone', 'NOT NULL', 'CURRENT_TIMESTAMP'),
           ('expires_at',   'timestamp with time zone', 'NULL',     ''),
           ('priority',     'integer',                  'NOT NULL', '5'),
           ('is_active',    'boolean',                  'NOT NULL', 'true'),
           -- sensitive memories (change sensitive_memories, README deviation 11)
           ('is_sensitive',      'boolean',             'NOT NULL', 'false'),
           ('content_encrypted', 'bytea',               'NULL',     ''),
           -- the owner (change tenancy_columns, README deviation 12)
           ('user_id',      'character varying(64)',    'NULL',     ''),
           -- the history (change history_table, docs/history.md)
           ('version',      'integer',                  'NOT NULL', '1'),
           ('changed_by',   'character varying(64)',    'NULL',
            '"left"(COALESCE(NULLIF(current_setting(''memory.agent_id''::text, true), ''''::text), (SESSION_USER)::text), 64)'),
           ('change_operation', 'character varying(16)', 'NOT NULL', '''create''::character varying')$$,
  'memory_entries: columns match the seed (plus sensitive memories'' columns, the owner, user_id, and the history''s)');

SELECT set_eq(
  $$SELECT column_name, data_type, nullability, default_value FROM actual_columns WHERE table_name = 'memory_tags'$$,
  $$VALUES ('tag_id',    'integer',               'NOT NULL', 'nextval(''memory_store.memory_tags_tag_id_seq''::regclass)'),
           ('memory_id', 'character varying(64)', 'NOT NULL', ''),
           ('tag',       'character varying(64)', 'NOT NULL', ''),
           ('user_id',   'character varying(64)', 'NULL',     '')$$,
  'memory_tags: columns match the seed (plus the owner, user_id)');

SELECT set_eq(
  $$SELECT column_name, data_type, nullability, default_value FROM actual_columns WHERE table_name = 'vector_embeddings'$$,
  $$VALUES ('embedding_id',    'integer',                  'NOT NULL', 'nextval(''memory_store.vector_embeddings_embedding_id_seq''::regclass)'),
           ('memory_id',       'character varying(64)',    'NOT NULL', ''),
           ('embedding',       'extensions.vector(1536)',  'NOT NULL', ''),
           ('embedding_model', 'character varying(64)',    'NOT NULL', ''),
           ('created_at',      'timestamp with time zone', 'NOT NULL', 'CURRENT_TIMESTAMP'),
           ('user_id',         'character varying(64)',    'NULL',     ''),
           ('session_id',      'character varying(64)',    'NULL',     ''),
           ('memory_type',     'character varying(32)',    'NULL',     ''),
           ('source_agent',    'character varying(64)',    'NULL',     ''),
           ('is_active',       'boolean',                  'NULL',     ''),
           ('expires_at',      'timestamp with time zone', 'NULL',     ''),
           ('memory_created_at', 'timestamp with time zone', 'NULL',   '')$$,
  'vector_embeddings: columns match the seed (plus the owner, user_id, and the memory''s filter columns, deviation 13)');

SELECT set_eq(
  $$SELECT column_name, data_type, nullability, default_value FROM actual_columns WHERE table_name = 'user_profiles'$$,
  $$VALUES ('user_id',      'character varying(64)',    'NOT NULL', ''),
           ('created_at',   'timestamp with time zone', 'NOT NULL', 'CURRENT_TIMESTAMP'),
           ('updated_at',   'timestamp with time zone', 'NOT NULL', 'CURRENT_TIMESTAMP'),
           ('profile_data', 'jsonb',                    'NULL',     ''),
           ('preferences',  'jsonb',                    'NULL',     ''),
           ('is_active',    'boolean',                  'NOT NULL', 'true')$$,
  'user_profiles: columns match the seed');

SELECT set_eq(
  $$SELECT column_name, data_type, nullability, default_value FROM actual_columns WHERE table_name = 'agent_states'$$,
  $$VALUES ('state_id',   'integer',                  'NOT NULL', 'nextval(''memory_store.agent_states_state_id_seq''::regclass)'),
           ('agent_id',   'character varying(64)',    'NOT NULL', ''),
           ('session_id', 'character varying(64)',    'NULL',     ''),
           ('state_data', 'jsonb',                    'NOT NULL', ''),
           ('created_at', 'timestamp with time zone', 'NOT NULL', 'CURRENT_TIMESTAMP'),
           ('updated_at', 'timestamp with time zone', 'NOT NULL', 'CURRENT_TIMESTAMP'),
           ('expires_at', 'timestamp with time zone', 'NULL',     ''),
           ('user_id',    'character varying(64)',    'NULL',     '')$$,
  'agent_states: columns match the seed (plus the owner, user_id)');

SELECT set_eq(
  $$SELECT column_name, data_type, nullability, default_value FROM actual_columns WHERE table_name = 'memory_relationships'$$,
  $$VALUES ('relationship_id',   'integer',                  'NOT NULL', 'nextval(''memory_store.memory_relationships_relationship_id_seq''::regclass)'),
           ('source_memory_id',  'character varying(64)',    'NOT NULL', ''),
           ('target_memory_id',  'character varying(64)',    'NOT NULL', ''),
           ('relationship_type', 'character varying(32)',    'NOT NULL', ''),
           ('metadata',          'jsonb',                    'NULL',     ''),
           ('created_at',        'timestamp with time zone', 'NOT NULL', 'CURRENT_TIMESTAMP'),
           ('user_id',           'character varying(64)',    'NULL',     '')$$,
  'memory_relationships: columns match the seed (plus the owner, user_id)');

SELECT set_eq(
  $$SELECT column_name, data_type, nullability, default_value FROM actual_columns WHERE table_name = 'memory_access_logs'$$,
  $$VALUES ('log_id',        'bigint',                   'NOT NULL', 'nextval(''memory_store.memory_access_logs_log_id_seq''::regclass)'),
           ('memory_id',     'character varying(64)',    'NULL',     ''),
           ('session_id',    'character varying(64)',    'NULL',     ''),
           ('agent_id',      'character varying(64)',    'NULL',     ''),
           ('operation',     'character varying(16)',    'NOT NULL', ''),
           ('timestamp',     'timestamp with time zone', 'NOT NULL', 'CURRENT_TIMESTAMP'),
           ('request_data',  'jsonb',                    'NULL',     ''),
           ('success',       'boolean',                  'NOT NULL', ''),
           ('error_message', 'text',                     'NULL',     ''),
           ('ip_address',    'character varying(45)',    'NULL',     ''),
           ('login_role',    'name',                     'NULL',     ''),
           ('user_id',       'character varying(64)',    'NULL',     '')$$,
  'memory_access_logs: columns match the seed (plus the login role and the tenant of each call)');

SELECT * FROM finish();
ROLLBACK;
