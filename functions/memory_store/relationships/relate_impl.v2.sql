-- memory_store.relate_impl(p_source_memory_id text, p_target_memory_id
--     text, p_relationship_type text, p_metadata jsonb) RETURNS
--     memory.relationship
--
-- Links source -> target with a type (1..32 characters). Idempotent on
-- (source, target, type): a second call returns the existing row unchanged
-- (its metadata is kept). metadata, when given, is a JSON object of at most
-- limits().max_content_bytes. Self-relations: 22023.
--
-- Errors:
--   22023 a memory cannot be related to itself (%)
--   54000 metadata is % bytes, the limit is %
--   through the functions it calls: 39004, MO001
-- Example:
--   memory_store.relate_impl(p_source_memory_id, p_target_memory_id,
--       p_relationship_type, p_metadata)
--   (as memory.relate calls it)

CREATE OR REPLACE FUNCTION memory_store.relate_impl(p_source_memory_id text, p_target_memory_id text,
                                         p_relationship_type text, p_metadata jsonb)
RETURNS memory.relationship
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_row memory.relationship;
BEGIN
    PERFORM memory_store.check_id('source_memory_id', memory_store.require('source_memory_id', p_source_memory_id));
    PERFORM memory_store.check_id('target_memory_id', memory_store.require('target_memory_id', p_target_memory_id));
    PERFORM memory_store.check_id('relationship_type', memory_store.require('relationship_type', p_relationship_type), 32);
    IF p_source_memory_id = p_target_memory_id THEN
        RAISE EXCEPTION 'a memory cannot be related to itself (%)', quote_literal(p_source_memory_id)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM memory_store.check_json_object('metadata', p_metadata);
    PERFORM memory_store.relationship_end('source_memory_id', p_source_memory_id);
    PERFORM memory_store.relationship_end('target_memory_id', p_target_memory_id);

    LOOP
        -- ON CONFLICT DO NOTHING waits for a concurrent insert of the same
        -- triple to commit or abort: exactly one row, no error.
        INSERT INTO memory_store.memory_relationships AS r
               (source_memory_id, target_memory_id, relationship_type, metadata)
        VALUES (p_source_memory_id, p_target_memory_id, p_relationship_type, p_metadata)
        ON CONFLICT ON CONSTRAINT unique_memory_relationship DO NOTHING
        RETURNING r.relationship_id, r.source_memory_id, r.target_memory_id, r.relationship_type, r.metadata, r.created_at
        INTO v_row;
        IF v_row.relationship_id IS NOT NULL THEN
            RETURN v_row;
        END IF;
        SELECT r.relationship_id, r.source_memory_id, r.target_memory_id, r.relationship_type, r.metadata, r.created_at
          INTO v_row
          FROM memory_store.memory_relationships r
         WHERE r.source_memory_id = p_source_memory_id AND r.target_memory_id = p_target_memory_id
           AND r.relationship_type = p_relationship_type;
        IF v_row.relationship_id IS NOT NULL THEN
            RETURN v_row;
        END IF;
        -- The conflicting row was deleted in between: try again.
    END LOOP;
END
$fn$;
