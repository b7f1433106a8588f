-- Verify memory-orchestrator:dedupe_on_write on pg
-- Behaviour, not text: the normalised text, the index, the claim table and
-- the typed call's answer type.
BEGIN;

DO $$
BEGIN
    IF memory_store.dedupe_text(jsonb_build_object('text', E'  Cafe\u0301  au\tLAIT ')) <> E'caf\u00e9 au lait' THEN
        RAISE EXCEPTION 'dedupe_on_write: dedupe_text does not normalise (NFKC, case, white space)';
    END IF;
    IF to_regclass('memory_store.idx_memory_entries_dedupe') IS NULL THEN
        RAISE EXCEPTION 'dedupe_on_write: index idx_memory_entries_dedupe is missing';
    END IF;
    IF to_regclass('memory_store.dedupe_claims') IS NULL THEN
        RAISE EXCEPTION 'dedupe_on_write: table dedupe_claims is missing';
    END IF;
    IF memory_store.dedupe_min_similarity() NOT BETWEEN 0 AND 1 THEN
        RAISE EXCEPTION 'dedupe_on_write: default threshold out of range';
    END IF;
    PERFORM 'memory.create_memory_deduped(text, jsonb, text, text, text[], integer, timestamptz, integer, extensions.vector, text, text, text, double precision)'::regprocedure;
    PERFORM 'memory_store.create_entry(text, jsonb, text, text, text[], integer, timestamptz, integer, text, extensions.vector, text, text)'::regprocedure;
END
$$;

ROLLBACK;
