-- memory_store.dedupe_min_similarity(p_override double precision DEFAULT
--     NULL::double precision) RETURNS double precision
--
-- The cosine similarity from which semantic deduplication takes an active
-- memory for the same one: p_override (the call's own threshold), else the
-- setting memory.dedupe_min_similarity (per session, role or database:
-- ALTER DATABASE ... SET memory.dedupe_min_similarity = '0.95'), else the
-- default 0.92, chosen by measurement on generated near-duplicates
-- (docs/dedupe.md, bench/results/dedupe-*.md).
--
-- Errors:
--   22023 dedupe similarity threshold must be a number in (0, 1], got %
-- Example:
--   SELECT memory_store.dedupe_min_similarity();  -- 0.92 unless set

CREATE OR REPLACE FUNCTION memory_store.dedupe_min_similarity(p_override double precision DEFAULT NULL)
RETURNS double precision
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_setting text := nullif(btrim(current_setting('memory.dedupe_min_similarity', true)), '');
    v_value   double precision;
BEGIN
    IF p_override IS NOT NULL THEN
        v_value := p_override;
    ELSIF v_setting IS NOT NULL THEN
        BEGIN
            v_value := v_setting::double precision;
        EXCEPTION WHEN invalid_text_representation THEN
            RAISE EXCEPTION 'dedupe similarity threshold must be a number in (0, 1], got %', quote_literal(left(v_setting, 32))
                USING ERRCODE = 'invalid_parameter_value';
        END;
    ELSE
        RETURN 0.92::double precision;
    END IF;
    IF v_value = 'NaN' OR v_value <= 0 OR v_value > 1 THEN
        RAISE EXCEPTION 'dedupe similarity threshold must be a number in (0, 1], got %', v_value
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN v_value;
END
$fn$;

COMMENT ON FUNCTION memory_store.dedupe_min_similarity(p_override double precision) IS 'Threshold of semantic deduplication (cosine similarity): the call''s override, else setting memory.dedupe_min_similarity, else 0.92 (measured: docs/dedupe.md). Errors: 22023 not in (0, 1].
Example: SELECT memory_store.dedupe_min_similarity();  -- 0.92 unless set';
