-- Deploy memory-orchestrator:api_summarize to pg
-- requires: api_dispatch
-- requires: api_sessions
-- Session summaries: memory.summarize_session and the dispatch action
-- summarize. The summarizer core, memory_store.summarize_texts(text[],
-- integer), is written in PL/Python (plpython3u); when plpython3u is not
-- available on the server, or the deploy variable summarize_language is
-- plpgsql, a SQL variant with the identical signature and result is
-- deployed instead.
BEGIN;

\if :{?summarize_language}
\else
\set summarize_language auto
\endif
SELECT pg_catalog.set_config('memory_store.summarize_language', :'summarize_language', true) AS summarize_language_setting,
       :'summarize_language' = 'auto'
       AND EXISTS (SELECT 1 FROM pg_catalog.pg_available_extensions WHERE name = 'plpython3u')
       -- an untrusted language: only a superuser creates it and functions in it
       AND (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) AS use_plpython \gset

DO $$
BEGIN
    IF pg_catalog.current_setting('memory_store.summarize_language') NOT IN ('auto', 'plpgsql') THEN
        RAISE EXCEPTION 'summarize_language must be auto or plpgsql, got %',
                        pg_catalog.current_setting('memory_store.summarize_language')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;

\if :use_plpython
-- plpython3u is untrusted: the extension and a function in it can only be
-- created by a superuser (the deploying role). The extension is marked as
-- ours only when this deploy created it, so revert drops nothing it did
-- not make.
SELECT NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'plpython3u') AS create_plpython \gset
\if :create_plpython
CREATE EXTENSION plpython3u;
COMMENT ON EXTENSION plpython3u IS 'PL/Python3U untrusted procedural language (installed by memory-orchestrator api_summarize)';
\endif
\ir ../functions/history/memory_store/summarize_texts_plpython.v1.sql
-- Owned by memory_owner like every function of the package. An owner that
-- is not a superuser cannot CREATE OR REPLACE a function in an untrusted
-- language, so the body stays the superuser's; created by the superuser, the
-- function got the built-in default privileges (EXECUTE for PUBLIC), which
-- the package's default privileges would have revoked: revoke them here.
ALTER FUNCTION memory_store.summarize_texts(text[], integer) OWNER TO memory_owner;
REVOKE ALL ON FUNCTION memory_store.summarize_texts(text[], integer) FROM PUBLIC;
SET LOCAL ROLE memory_owner;
\else
SET LOCAL ROLE memory_owner;
\ir ../functions/history/memory_store/summarize_texts_plpgsql.v1.sql
\endif

\ir ../functions/history/memory_store/summarize_impl.v1.sql
\ir ../functions/history/memory/summarize_session.v1.sql

GRANT EXECUTE ON FUNCTION memory.summarize_session(text, text[], timestamptz, timestamptz, integer, boolean)
TO memory_agent;

INSERT INTO memory_store.dispatch_actions (action, handler, operation, description) VALUES
    ('summarize', 'memory_store.dispatch_summarize(jsonb, text)', 'read',
     'Summarize a session''s visible memories: payload.memory_types, time_range{start,end}, max_sentences, store');

COMMIT;
