-- Cold storage (schema memory_archive): moving memories there and back.
-- A move is INSERT into the archive plus DELETE from the hot table in the
-- caller's transaction; the registry row stays (is_archived), so the id
-- stays globally unique and everything that refers to it (tags,
-- relationships, access-log rows) holds. Column lists come from the catalog,
-- by name, so a column another change adds to a hot table is either copied
-- (once the archive has it too) or stops the move with a clear error; never
-- silently dropped.

-- After an archived memory is deleted (its session deleted, its TTL over):
-- release its id, which cascades to its tags, embeddings and relationships
-- as for a hot memory. A memory leaving the archive for the hot table
-- (memory_store.archive_restore clears is_archived first) keeps its id.
CREATE FUNCTION memory_store.archived_entries_release_id()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    DELETE FROM memory_store.memory_registry WHERE memory_id = OLD.memory_id AND is_archived;
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION memory_store.archived_entries_release_id() IS
'Trigger: AFTER DELETE on memory_archive.memory_entries; removes the registry row of a deleted archived memory (cascading to its tags, embeddings, relationships), not of one being restored.';

-- The stored (not generated) columns of a hot table, quoted, in order, after
-- checking that its archive table has each of them with the same type and
-- not generated. 55000 names what is missing: run
-- memory_store.archive_sync_columns() (a deploy script that adds a column
-- to a hot table should).
CREATE FUNCTION memory_store.archive_columns(p_hot regclass, p_cold regclass)
RETURNS text[]
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_columns text[];
    v_missing text;
BEGIN
    SELECT array_agg(quote_ident(h.attname) ORDER BY h.attnum),
           string_agg(h.attname || ' ' || format_type(h.atttypid, h.atttypmod), ', ' ORDER BY h.attnum)
               FILTER (WHERE c.attname IS NULL OR c.attgenerated <> '' OR c.atttypid <> h.atttypid
                             OR c.atttypmod <> h.atttypmod)
      INTO v_columns, v_missing
      FROM pg_attribute h
      LEFT JOIN pg_attribute c ON c.attrelid = p_cold AND c.attname = h.attname AND c.attnum > 0 AND NOT c.attisdropped
     WHERE h.attrelid = p_hot AND h.attnum > 0 AND NOT h.attisdropped AND h.attgenerated = '';
    IF v_missing IS NOT NULL THEN
        RAISE EXCEPTION '% lacks columns of % (or has them with another type): %', p_cold, p_hot, v_missing
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'SELECT * FROM memory_store.archive_sync_columns(); adds them (as memory_owner).';
    END IF;
    RETURN v_columns;
END
$fn$;

COMMENT ON FUNCTION memory_store.archive_columns(regclass, regclass) IS
$$The stored columns of a hot table (quoted, in order) that an archive move copies by name; 55000 when the archive table lacks one or has another type.
Example: SELECT memory_store.archive_columns('memory_store.memory_entries', 'memory_archive.memory_entries');$$;

-- Adds to each archive table the columns its hot table has and it lacks:
-- same type, nullable, no default (rows archived before have NULL there);
-- a generated column with its expression. Returns "table.column" per column
-- added. For deploy scripts of changes that add columns to memory_entries or
-- vector_embeddings; not granted to anyone (it runs as the owner).
CREATE FUNCTION memory_store.archive_sync_columns()
RETURNS SETOF text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_pair   record;
    v_column record;
BEGIN
    FOR v_pair IN SELECT * FROM (VALUES
            ('memory_store.memory_entries'::regclass, 'memory_archive.memory_entries'::regclass),
            ('memory_store.vector_embeddings'::regclass, 'memory_archive.vector_embeddings'::regclass)) AS p(hot, cold) LOOP
        FOR v_column IN
            SELECT h.attname, format_type(h.atttypid, h.atttypmod) AS type_name, h.attgenerated,
                   pg_get_expr(d.adbin, d.adrelid) AS expression
              FROM pg_attribute h
              LEFT JOIN pg_attrdef d ON d.adrelid = h.attrelid AND d.adnum = h.attnum
             WHERE h.attrelid = v_pair.hot AND h.attnum > 0 AND NOT h.attisdropped
               AND NOT EXISTS (SELECT 1 FROM pg_attribute c WHERE c.attrelid = v_pair.cold AND c.attname = h.attname
                                                            AND c.attnum > 0 AND NOT c.attisdropped)
             ORDER BY h.attnum LOOP
            EXECUTE format('ALTER TABLE %s ADD COLUMN %I %s%s', v_pair.cold, v_column.attname, v_column.type_name,
                           CASE WHEN v_column.attgenerated = 's'
                                THEN format(' GENERATED ALWAYS AS (%s) STORED', v_column.expression) ELSE '' END);
            RETURN NEXT v_pair.cold::text || '.' || quote_ident(v_column.attname);
        END LOOP;
    END LOOP;
END
$fn$;

COMMENT ON FUNCTION memory_store.archive_sync_columns() IS
$$Adds to memory_archive.memory_entries / vector_embeddings the columns their hot tables gained (same type, nullable; generated ones with their expression); returns the columns added. Run as memory_owner, e.g. in the deploy script of a change that adds a column to a hot table.
Example: SELECT * FROM memory_store.archive_sync_columns();$$;

-- Moves hot memories to the archive, with their embeddings, in the caller's
-- transaction; returns how many moved. The caller picks the ids and locks
-- their memory_entries and registry rows first (FOR UPDATE / FOR NO KEY
-- UPDATE ... SKIP LOCKED, so an agent's write is never waited for); ids
-- that are not hot are ignored. p_reason: 'session' or 'retention'.
CREATE FUNCTION memory_store.archive_move(p_memory_ids text[], p_reason text)
RETURNS bigint
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_entries    text[] := memory_store.archive_columns('memory_store.memory_entries', 'memory_archive.memory_entries');
    v_embeddings text[] := memory_store.archive_columns('memory_store.vector_embeddings', 'memory_archive.vector_embeddings');
    v_ids        text[];
    v_rows       bigint;
BEGIN
    IF memory_store.require('reason', p_reason) NOT IN ('session', 'retention') THEN
        RAISE EXCEPTION 'archive reason must be session or retention, got %', quote_literal(p_reason)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- The registry row stays, marked: the release trigger of memory_entries
    -- then keeps it, and the id cannot be claimed again while archived.
    WITH moved AS (
        UPDATE memory_store.memory_registry r SET is_archived = true
         WHERE r.memory_id = ANY (p_memory_ids) AND NOT r.is_archived
           AND EXISTS (SELECT 1 FROM memory_store.memory_entries e
                        WHERE e.memory_id = r.memory_id AND e.created_at = r.created_at)
        RETURNING r.memory_id::text AS memory_id)
    SELECT coalesce(array_agg(moved.memory_id), '{}') INTO v_ids FROM moved;
    IF cardinality(v_ids) = 0 THEN
        RETURN 0::bigint;
    END IF;

    -- The registry knows each row's created_at: every lookup prunes to one partition.
    EXECUTE format($sql$
        INSERT INTO memory_archive.memory_entries (%s, archived_at, archive_reason)
        SELECT %s, now(), $2
          FROM memory_store.memory_registry r
          JOIN memory_store.memory_entries e ON e.memory_id = r.memory_id AND e.created_at = r.created_at
         WHERE r.memory_id = ANY ($1) $sql$,
        array_to_string(v_entries, ', '), 'e.' || array_to_string(v_entries, ', e.'))
      USING v_ids, p_reason;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    EXECUTE format($sql$
        INSERT INTO memory_archive.vector_embeddings (%1$s)
        SELECT %1$s FROM memory_store.vector_embeddings WHERE memory_id = ANY ($1) $sql$,
        array_to_string(v_embeddings, ', '))
      USING v_ids;
    DELETE FROM memory_store.vector_embeddings WHERE memory_id = ANY (v_ids);
    DELETE FROM memory_store.memory_entries e
     USING memory_store.memory_registry r
     WHERE r.memory_id = ANY (v_ids) AND e.memory_id = r.memory_id AND e.created_at = r.created_at;
    RETURN v_rows;
END
$fn$;

COMMENT ON FUNCTION memory_store.archive_move(text[], text) IS
$$Moves hot memories (the caller has locked them) with their embeddings to memory_archive in the current transaction; the registry row stays, marked is_archived; tags and relationships stay where they are. Returns how many moved. Errors: 22004, 22023 bad reason, 55000 the archive lacks a column of the hot table.
Example: SELECT memory_store.archive_move(ARRAY['m-1'], 'session');$$;

-- Moves archived memories back to the hot tables with their embeddings, in
-- the caller's transaction, and clears is_archived of their sessions (else
-- the archive job would take them again); returns how many came back. Ids
-- that are not archived are ignored. The registry rows are locked first, so
-- two restores of one memory serialize and the second finds nothing to do.
CREATE FUNCTION memory_store.archive_restore(p_memory_ids text[])
RETURNS bigint
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    v_entries    text[] := memory_store.archive_columns('memory_store.memory_entries', 'memory_archive.memory_entries');
    v_embeddings text[] := memory_store.archive_columns('memory_store.vector_embeddings', 'memory_archive.vector_embeddings');
    v_ids        text[];
    v_rows       bigint;
BEGIN
    -- Cleared first: the claim trigger of memory_entries then lets the
    -- insert re-use the id, and the release trigger of the archive keeps it.
    WITH restored AS (
        UPDATE memory_store.memory_registry r SET is_archived = false
         WHERE r.memory_id = ANY (p_memory_ids) AND r.is_archived
        RETURNING r.memory_id::text AS memory_id)
    SELECT coalesce(array_agg(restored.memory_id), '{}') INTO v_ids FROM restored;
    IF cardinality(v_ids) = 0 THEN
        RETURN 0::bigint;
    END IF;

    EXECUTE format($sql$
        INSERT INTO memory_store.memory_entries (%1$s)
        SELECT %1$s FROM memory_archive.memory_entries WHERE memory_id = ANY ($1) $sql$,
        array_to_string(v_entries, ', '))
      USING v_ids;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    EXECUTE format($sql$
        INSERT INTO memory_store.vector_embeddings (%1$s)
        SELECT %1$s FROM memory_archive.vector_embeddings WHERE memory_id = ANY ($1) $sql$,
        array_to_string(v_embeddings, ', '))
      USING v_ids;
    DELETE FROM memory_archive.vector_embeddings WHERE memory_id = ANY (v_ids);
    UPDATE memory_store.sessions s SET is_archived = false
     WHERE s.is_archived
       AND s.session_id IN (SELECT a.session_id FROM memory_archive.memory_entries a WHERE a.memory_id = ANY (v_ids));
    DELETE FROM memory_archive.memory_entries WHERE memory_id = ANY (v_ids);
    RETURN v_rows;
END
$fn$;

COMMENT ON FUNCTION memory_store.archive_restore(text[]) IS
$$Moves archived memories back to memory_store.memory_entries with their embeddings in the current transaction and clears is_archived of their sessions; returns how many came back. Errors: 55000 the archive lacks a column of the hot table.
Example: SELECT memory_store.archive_restore(ARRAY['m-1']);$$;
