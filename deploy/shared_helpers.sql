-- Deploy memory-orchestrator:shared_helpers to pg
-- requires: function_layout
-- Four blocks that two or three functions each carried word for word become
-- one helper each; the functions that carried them call it. The answers and
-- errors stay the same, check for check and in the same order:
--   page_request    the paging and sorting checks of batch_read_impl and
--                   batch_read_archived_impl
--   job_batch_size  the batch-size rule of purge_batch_size and
--                   archive_batch_size
--   payload_value   the absent / null / required rule of payload_text,
--                   payload_int and payload_json
--   reveal_cipher   the decryption of reveal and reveal_archived, which
--                   differ only in where the ciphertext is read
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/memory_store/memories/page_request.v1.sql
\ir ../functions/memory_store/lifecycle/job_batch_size.v1.sql
\ir ../functions/memory_store/dispatch/payload_value.v1.sql
\ir ../functions/history/memory_store/sensitive/reveal_cipher.v1.sql

\ir ../functions/history/memory_store/memories/batch_read_impl.v2.sql
\ir ../functions/history/memory_store/archive/batch_read_archived_impl.v2.sql
\ir ../functions/memory_store/lifecycle/purge_batch_size.v2.sql
\ir ../functions/memory_store/archive/archive_batch_size.v2.sql
\ir ../functions/memory_store/dispatch/payload_text.v2.sql
\ir ../functions/memory_store/dispatch/payload_int.v2.sql
\ir ../functions/memory_store/dispatch/payload_json.v2.sql
\ir ../functions/history/memory_store/sensitive/reveal.v2.sql
\ir ../functions/history/memory_store/archive/reveal_archived.v2.sql

COMMIT;
