-- Deploy memory-orchestrator:request_size_limit to pg
-- requires: change_feed
-- Oversized input refused in milliseconds (issue 15, point 6): a 50 MB
-- envelope was parsed, walked and audited for seconds before its content
-- was found too large. memory.dispatch now measures the request first (the
-- octets of a text request before the cast to jsonb, the stored size of a
-- jsonb one) and refuses one over memory_store.max_request_bytes() (1 MiB)
-- unread: validation_error, SQLSTATE 54000, one audit row with the size.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/memory_store/dispatch/max_request_bytes.v1.sql
\ir ../functions/memory_store/dispatch/oversized_request.v1.sql
\ir ../functions/memory/dispatch/dispatch.v5.sql

COMMIT;
