-- Revert memory-orchestrator:exact_scan_distance_once from pg
-- The exact scan orders by the distance + 0 again.
BEGIN;

SET LOCAL ROLE memory_owner;

\ir ../functions/history/memory_store/search/search_semantic_scan.v1.sql

COMMIT;
