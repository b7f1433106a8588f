-- Deploy memory-orchestrator:relationship_walk_budget to pg
-- requires: audit_durable_reads
-- The relationship walk expanded a memory again at every depth it was
-- reached on a new path: a complete graph of 300 memories walked to depth 10
-- both ways took 25 s through dispatch and 122 s typed. It is breadth-first
-- now, each memory entered and expanded once, with a budget per call (links
-- read, memories returned) enforced while it walks (54000).
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/memory_store/relationships/walk_relationships_impl.v2.sql

COMMIT;
