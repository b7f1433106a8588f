"""Throughput of the legacy import: N generated contextual_memory_pc2 context
items, every one with a 1536-d embedding, imported end to end with the code of
`./dev import` (read, stage, map, rebuild a deferred index, reconcile, purge)
into a freshly deployed database with the HNSW index in place, beside the raw
baseline in the same run: the same rows, already mapped by Python before the
clock starts, COPYed into sessions / memory_entries / memory_tags /
vector_embeddings of a fresh database (a) with the HNSW index in place and (b)
without it, the index built after the load. --runs repeats, rotating which
goes first. Writes bench/results/import-<date>.{md,json,png}.

    ./dev bench-import --count 7099 --runs 3
    python bench/import_throughput.py --count 7099 --runs 3      # the same

With --compare-index the same file is imported into two fresh databases side
by side, one with the deployed HNSW index and one with the index dropped, --runs
times (alternating which goes first); the report gives both rates and their
ratio. Writes bench/results/import-index-<date>.{md,json,png}.

    python bench/import_throughput.py --count 2000 --compare-index --runs 3
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
from mo import importer, legacy_samples  # noqa: E402

ROOT = common.ROOT


def import_once(t, path: str, count: int, batch: int, with_index: bool = True) -> dict:
    """Deploy a fresh database (dropping the HNSW index unless WITH_INDEX), import PATH, drop the database."""
    dbname = fresh_database(t)
    try:
        if not with_index:
            with psycopg.connect(t.uri(dbname), autocommit=True) as conn:
                conn.execute("DROP INDEX memory_store.idx_vector_embeddings_embedding")
        started = time.perf_counter()
        result = importer.import_file(t.uri(dbname), "contextual", path, batch=batch, progress=False,
                                      keep_staging=False, timings=(timings := {}))
        total = time.perf_counter() - started
        with psycopg.connect(t.uri(dbname)) as conn:
            rows = conn.execute("SELECT (SELECT count(*) FROM memory_store.memory_entries), "
                                "(SELECT count(*) FROM memory_store.vector_embeddings), "
                                "(SELECT count(*) FROM memory_store.memory_tags), "
                                "(SELECT count(*) FROM memory_store.sessions)").fetchone()
            hnsw = conn.execute("SELECT count(*) FROM pg_indexes WHERE indexname = "
                                "'idx_vector_embeddings_embedding'").fetchone()[0]
            server = conn.execute("SHOW server_version").fetchone()[0]
            vector = conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'").fetchone()[0]
    finally:
        drop_database(t, dbname)
    if result.imported != count or rows[1] != count or bool(hnsw) != with_index or result.status != "ok":
        sys.exit(f"import went wrong: imported {result.imported}, rows {rows}, hnsw index {hnsw}, "
                 f"status {result.status}")
    return {"with_index": with_index, "total_s": round(total, 2),
            "timings_s": {k: round(v, 2) for k, v in timings.items()},
            "records_per_s": round(count / total, 1),
            "import_phase_records_per_s": round(count / max(timings.get("import", total), 1e-9), 1),
            "import_phase_ms_per_record": round(timings.get("import", total) * 1000 / count, 2),
            "imported": result.imported, "skipped": result.skipped, "rejected": result.rejected,
            "index_deferred": result.index_deferred, "status": result.status, "file_records": result.file_records,
            "rows": {"memories": rows[0], "embeddings": rows[1], "tags": rows[2], "sessions": rows[3]},
            "reconciliation": [list(r) for r in result.reconciliation],
            "server": server, "pgvector": vector}


def compare_index(t, args):
    facts = common.run_facts(t.uri("postgres"))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "contextual.jsonl")
        legacy_samples.generate(path, "contextual", args.count, all_embeddings=True)
        size = os.path.getsize(path)
        runs = []
        for i in range(args.runs):
            order = [True, False] if i % 2 == 0 else [False, True]
            run = {"load_average_start": common.load_average()}
            for with_index in order:
                side = "with" if with_index else "without"
                print(f"run {i + 1}/{args.runs}: {args.count} records, {side} the HNSW index ...", flush=True)
                run[side] = import_once(t, path, args.count, args.batch, with_index)
                print(f"  {run[side]['records_per_s']} records/s end to end, import phase "
                      f"{run[side]['import_phase_records_per_s']} records/s", flush=True)
            run["order"] = ["with" if w else "without" for w in order]
            run["load_average_end"] = common.load_average()
            run["ratio_import_phase"] = round(run["without"]["import_phase_records_per_s"]
                                              / run["with"]["import_phase_records_per_s"], 2)
            run["ratio_end_to_end"] = round(run["without"]["records_per_s"] / run["with"]["records_per_s"], 2)
            run["hnsw_ms_per_record"] = round(run["with"]["import_phase_ms_per_record"]
                                              - run["without"]["import_phase_ms_per_record"], 2)
            runs.append(run)
    facts["load_average_end"] = common.load_average()
    command = f"./dev bench-import --count {args.count} --compare-index --runs {args.runs}" + \
        (f" --batch {args.batch}" if args.batch != 500 else "")

    def med(side, key):
        return round(statistics.median(r[side][key] for r in runs), 1)

    summary = {"with_index_records_per_s": med("with", "records_per_s"),
               "without_index_records_per_s": med("without", "records_per_s"),
               "with_index_import_phase_records_per_s": med("with", "import_phase_records_per_s"),
               "without_index_import_phase_records_per_s": med("without", "import_phase_records_per_s"),
               "with_index_import_phase_ms_per_record": round(statistics.median(
                   r["with"]["import_phase_ms_per_record"] for r in runs), 2),
               "hnsw_ms_per_record": round(statistics.median(r["hnsw_ms_per_record"] for r in runs), 2),
               "ratio_import_phase": [min(r["ratio_import_phase"] for r in runs),
                                      max(r["ratio_import_phase"] for r in runs)],
               "ratio_end_to_end": [min(r["ratio_end_to_end"] for r in runs),
                                    max(r["ratio_end_to_end"] for r in runs)]}
    report = {"command": command, "facts": facts, "count": args.count, "batch": args.batch, "file_bytes": size,
              "summary": summary, "runs": runs}
    stem = common.RESULTS / f"import-index-{facts['date']}"
    common.write_json(stem.with_suffix(".json"), report)
    s = summary
    lines = [f"# Legacy import with and without the HNSW index, {facts['date']}", "",
             f"`{command}` (`bench/import_throughput.py`): the same {args.count:,} generated contextual_memory_pc2 "
             f"context items, every one with a 1536-d embedding ({size / 1e6:,.1f} MB of JSON Lines), imported with "
             "`mo/importer.py` (the code of `./dev import`, batches of "
             f"{args.batch}) into two freshly deployed, empty databases: one with the deployed HNSW index "
             "(m 16, ef_construction 64), one with that index dropped. "
             f"{args.runs} run{'s' if args.runs > 1 else ''}, alternating which side goes first. "
             f"PostgreSQL {facts['postgres']}, pgvector {facts['pgvector']}; {common.fmt_load(facts)}. "
             f"{common.NOISE}", "",
             "| run | order | with index: end to end / import phase, records/s | without: end to end / import phase, "
             "records/s | ratio without / with (import phase) | import phase ms per record with / without |",
             "|---|---|---|---|---|---|"]
    for i, r in enumerate(runs, 1):
        w, wo = r["with"], r["without"]
        lines.append(f"| {i} | {' then '.join(r['order'])} | {w['records_per_s']:,} / "
                     f"{w['import_phase_records_per_s']:,} | {wo['records_per_s']:,} / "
                     f"{wo['import_phase_records_per_s']:,} | {r['ratio_import_phase']}x | "
                     f"{w['import_phase_ms_per_record']} / {wo['import_phase_ms_per_record']} |")
    lines += ["", f"Median over the runs: the import phase ran at **{s['with_index_import_phase_records_per_s']:,} "
                  f"records/s with the index and {s['without_index_import_phase_records_per_s']:,} without** "
                  f"({s['ratio_import_phase'][0]}x–{s['ratio_import_phase'][1]}x); end to end (staging, import, "
                  f"reconciliation, purge of staging) {s['with_index_records_per_s']:,} and "
                  f"{s['without_index_records_per_s']:,} records/s. The HNSW insertion is about "
                  f"{s['hnsw_ms_per_record']} ms of each record's {s['with_index_import_phase_ms_per_record']} ms in "
                  f"the import phase, on a graph of at most {args.count:,} vectors (it grows with the graph).", "",
              "Every run imported every record (no rejects) and its reconciliation matched; the phases of each run "
              "are in the JSON file of the same name.", ""]
    stem.with_suffix(".md").write_text("\n".join(lines))
    chart(stem.with_suffix(".png"), runs, args.count)
    print("\n".join(lines))
    print(f"wrote {stem}.json, .md, .png")


def chart(path, runs, count):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    xs = range(1, len(runs) + 1)
    ax.bar([x - 0.2 for x in xs], [r["with"]["import_phase_records_per_s"] for r in runs], 0.4,
           label="with the HNSW index")
    ax.bar([x + 0.2 for x in xs], [r["without"]["import_phase_records_per_s"] for r in runs], 0.4,
           label="without it")
    ax.set_xticks(list(xs), [f"run {x}" for x in xs])
    ax.set_ylabel("import phase, records/s")
    ax.set_ylim(top=1.25 * max(r["without"]["import_phase_records_per_s"] for r in runs))
    ax.set_title(f"Legacy import of {count:,} records with 1536-d embeddings")
    ax.grid(alpha=0.3, axis="y")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


KNOWN = {"context_id", "session_id", "context_data", "embedding", "embedding_model", "created_at", "expires_at",
         "source_agent", "tags", "priority"}


def _time(value):
    from datetime import datetime, timezone
    if value is None:
        return None
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.replace(".", "", 1).isdigit()):
        return datetime.fromtimestamp(float(value), tz=timezone.utc)
    stamp = datetime.fromisoformat(value.replace(" ", "T"))
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)


def raw_rows(path: str) -> dict:
    """The rows the file becomes, mapped by Python (the baseline's work is only the load)."""
    import orjson
    sessions, entries, tags, embeddings = {}, [], [], []
    with open(path, "rb") as f:
        for line in f:
            r = orjson.loads(line)
            created = _time(r["created_at"])
            content = r["context_data"] if isinstance(r["context_data"], dict) else {"text": r["context_data"]}
            extra = {k: v for k, v in r.items() if k not in KNOWN}
            if extra:
                content = {**content, "legacy_extra": extra}
            if r.get("session_id"):
                sessions.setdefault(r["session_id"], created)
            entries.append((r["context_id"], r.get("session_id"), "context", orjson.dumps(content).decode(),
                            r.get("source_agent"), created, created, _time(r.get("expires_at")), 5))
            tags += [(r["context_id"], tag) for tag in dict.fromkeys(r.get("tags") or [])]
            if r.get("embedding") is not None:
                embeddings.append((r["context_id"], orjson.dumps(r["embedding"]).decode(),
                                   r.get("embedding_model") or "text-embedding-ada-002", created))
    return {"sessions": [(k, v, v, '{"import_stub": "contextual_memory_pc2"}', "context") for k, v in sessions.items()],
            "memory_entries": entries, "memory_tags": tags, "vector_embeddings": embeddings}


COPY = {"sessions": "session_id, created_at, updated_at, metadata, session_type",
        "memory_entries": "memory_id, session_id, memory_type, content, source_agent, created_at, updated_at, "
                          "expires_at, priority",
        "memory_tags": "memory_id, tag",
        "vector_embeddings": "memory_id, embedding, embedding_model, created_at"}


def fresh_database(t) -> str:
    dbname = f"mo_bench_import_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(t.uri("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{dbname}"')
    subprocess.run(["sqitch", "deploy", t.sqitch_uri(dbname)], cwd=ROOT, env=t.env(), check=True, capture_output=True)
    return dbname


def drop_database(t, dbname: str) -> None:
    with psycopg.connect(t.uri("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def raw_once(t, rows: dict, count: int, build_after: bool) -> dict:
    """COPY the mapped rows in one transaction into a fresh database: with the
    HNSW index in place, or (BUILD_AFTER) without it and CREATE INDEX after."""
    dbname = fresh_database(t)
    try:
        with psycopg.connect(t.uri(dbname), autocommit=True) as conn:
            definition = conn.execute("SELECT pg_get_indexdef('memory_store.idx_vector_embeddings_embedding'::regclass)"
                                      ).fetchone()[0]
            if build_after:
                conn.execute("DROP INDEX memory_store.idx_vector_embeddings_embedding")
            started = time.perf_counter()
            with conn.transaction():
                for table, columns in COPY.items():
                    with conn.cursor().copy(f"COPY memory_store.{table} ({columns}) FROM STDIN") as copy:
                        for row in rows[table]:
                            copy.write_row(row)
            loaded = time.perf_counter() - started
            if build_after:
                conn.execute(definition)
            total = time.perf_counter() - started
            n = conn.execute("SELECT count(*) FROM memory_store.vector_embeddings").fetchone()[0]
            hnsw = conn.execute("SELECT to_regclass('memory_store.idx_vector_embeddings_embedding') IS NOT NULL"
                                ).fetchone()[0]
    finally:
        drop_database(t, dbname)
    if n != count or not hnsw:
        sys.exit(f"raw load went wrong: {n} embeddings, index {hnsw}")
    return {"total_s": round(total, 2), "load_s": round(loaded, 2), "index_build_s": round(total - loaded, 2),
            "records_per_s": round(count / total, 1)}


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return round(min(times), 2)


def reader_speed(jsonl: str, array: str) -> dict:
    """Seconds (best of 3) to read the same records as JSON Lines and as a JSON
    array: with the import's reader, and with the bare parsers beside it."""
    import ijson
    import orjson

    def lines():
        with open(jsonl, "rb") as f:
            for line in f:
                orjson.loads(line)

    def items():
        with open(array, "rb") as f:
            for _ in ijson.items(f, "item", use_float=True):
                pass

    def coroutine():
        sink = ijson.sendable_list()
        parser = ijson.items_coro(sink, "item", use_float=True)
        with open(array, "rb") as f:
            while data := f.read(1 << 16):
                parser.send(data)
                sink.clear()
        parser.close()

    return {"ijson_backend": ijson.backend,
            "import_reader_jsonl_s": best_of(lambda: sum(1 for _ in importer.iter_records(jsonl, "contextual"))),
            "import_reader_array_s": best_of(lambda: sum(1 for _ in importer.iter_records(array, "contextual"))),
            "orjson_lines_s": best_of(lines), "ijson_items_generator_s": best_of(items),
            "ijson_items_coroutine_s": best_of(coroutine)}


def vector_copy(t, path: str) -> dict:
    """The lever of binary COPY for vectors: the file's embeddings COPYed into
    a vector column as text (what staging carries, cast by the server) and as
    pgvector's binary format (numpy float32, pgvector.psycopg), best of 3."""
    import numpy
    import orjson
    from pgvector.psycopg import register_vector

    with open(path, "rb") as f:
        texts = [orjson.dumps(orjson.loads(line)["embedding"]).decode() for line in f]
    arrays = [numpy.array(orjson.loads(x), dtype=numpy.float32) for x in texts]
    dbname = fresh_database(t)
    try:
        with psycopg.connect(t.uri(dbname), autocommit=True) as conn:
            conn.execute("SET search_path = public, extensions")
            register_vector(conn)
            conn.execute("CREATE UNLOGGED TABLE public.v (e extensions.vector(1536))")

            def text_copy():
                conn.execute("TRUNCATE public.v")
                with conn.cursor().copy("COPY public.v (e) FROM STDIN") as copy:
                    for x in texts:
                        copy.write_row((x,))

            def binary_copy():
                conn.execute("TRUNCATE public.v")
                with conn.cursor().copy("COPY public.v (e) FROM STDIN (FORMAT BINARY)") as copy:
                    copy.set_types(["vector"])
                    for x in arrays:
                        copy.write_row((x,))
            return {"text_s": best_of(text_copy), "binary_s": best_of(binary_copy), "vectors": len(texts)}
    finally:
        drop_database(t, dbname)


def throughput(t, args):
    facts = common.run_facts(t.uri("postgres"))
    sides = {"ours": "`./dev import` end to end, HNSW index in place",
             "raw_indexed": "raw COPY, HNSW index in place",
             "raw_build_after": "raw COPY, then CREATE INDEX"}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "contextual.jsonl")
        started = time.perf_counter()
        legacy_samples.generate(path, "contextual", args.count, all_embeddings=True)
        generated = time.perf_counter() - started
        size = os.path.getsize(path)
        rows = raw_rows(path)
        array = os.path.join(tmp, "contextual.json")
        legacy_samples.generate(array, "contextual", args.count, all_embeddings=True, fmt="array")
        print("reader and vector COPY levers ...", flush=True)
        levers = {"load_average_start": common.load_average(), "reader": reader_speed(path, array),
                  "vector_copy": vector_copy(t, path)}
        levers["load_average_end"] = common.load_average()
        os.unlink(array)
        runs = []
        for i in range(args.runs):
            order = list(sides)[i % 3:] + list(sides)[:i % 3]
            run = {"order": order, "load_average_start": common.load_average()}
            for side in order:
                print(f"run {i + 1}/{args.runs}: {args.count} records, {sides[side]} ...", flush=True)
                run[side] = (import_once(t, path, args.count, args.batch) if side == "ours"
                             else raw_once(t, rows, args.count, side == "raw_build_after"))
                print(f"  {run[side]['records_per_s']} records/s", flush=True)
            run["load_average_end"] = common.load_average()
            # what one vector costs: inserted into the graph, or in a bulk build (the deferral threshold)
            run["hnsw_insert_ms_per_vector"] = round(1000 * (run["raw_indexed"]["load_s"]
                                                             - run["raw_build_after"]["load_s"]) / args.count, 2)
            run["hnsw_build_ms_per_vector"] = round(1000 * run["raw_build_after"]["index_build_s"] / args.count, 2)
            run["ratio_ours_to_raw_indexed"] = round(run["ours"]["records_per_s"] / run["raw_indexed"]["records_per_s"], 2)
            run["ratio_ours_to_raw_build_after"] = round(run["ours"]["records_per_s"]
                                                         / run["raw_build_after"]["records_per_s"], 2)
            runs.append(run)
    facts["load_average_end"] = common.load_average()
    command = f"./dev bench-import --count {args.count} --runs {args.runs}" + \
        (f" --batch {args.batch}" if args.batch != 500 else "")
    med = {side: round(statistics.median(r[side]["records_per_s"] for r in runs), 1) for side in sides}
    report = {"command": command, "facts": facts, "count": args.count, "batch": args.batch, "file_bytes": size,
              "generate_s": round(generated, 1), "median_records_per_s": med, "levers": levers, "runs": runs}
    stem = common.RESULTS / f"import-{facts['date']}"
    common.write_json(stem.with_suffix(".json"), report)
    lines = [f"# Legacy import throughput beside the raw baseline, {facts['date']}", "",
             f"`{command}` (`bench/import_throughput.py`): {args.count:,} generated contextual_memory_pc2 context "
             f"items, **every one with a 1536-d embedding** (0-3 tags, a session from a pool, some unknown fields; "
             f"{size / 1e6:,.1f} MB of JSON Lines). Each side starts from a freshly deployed, empty database with "
             "the HNSW index (m 16, ef_construction 64) and ends with it in place:", "",
             "- **ours**: `mo/importer.py`, the code of `./dev import`, batches of "
             f"{args.batch}: read and stage, map in SQL (a batch of new items set-based, else each record in its own "
             "subtransaction), rebuild the vector index it deferred (the load adds at least 1,000 embeddings and at least as many as the table holds), reconcile "
             "against the file, purge the staging;",
             "- **raw, index in place**: the same rows, mapped by Python before the clock starts, COPYed in one "
             "transaction into sessions, memory_entries, memory_tags and vector_embeddings (the tables' triggers "
             "fire; every vector goes into the HNSW graph as it arrives);",
             "- **raw, index after**: the same COPY with the index dropped, then CREATE INDEX.", "",
             f"{args.runs} run{'s' if args.runs > 1 else ''}, rotating which side goes first. PostgreSQL "
             f"{facts['postgres']}, pgvector {facts['pgvector']}, maintenance_work_mem of conf/postgresql.conf; "
             f"{common.fmt_load(facts)}. {common.NOISE}", "",
             "| run | load average at start → end | ours, records/s (s) | raw, index in place | raw, index after | "
             "ours / raw in place | ours / raw after | ours: read + stage / map / index build / reconcile s |",
             "|---|---|---|---|---|---|---|---|"]
    for i, r in enumerate(runs, 1):
        o = r["ours"]["timings_s"]
        lines.append(f"| {i} | {' / '.join(map(str, r['load_average_start']))} → "
                     f"{' / '.join(map(str, r['load_average_end']))} | {r['ours']['records_per_s']:,} "
                     f"({r['ours']['total_s']}) | {r['raw_indexed']['records_per_s']:,} ({r['raw_indexed']['total_s']}) | "
                     f"{r['raw_build_after']['records_per_s']:,} ({r['raw_build_after']['total_s']}; build "
                     f"{r['raw_build_after']['index_build_s']}) | {r['ratio_ours_to_raw_indexed']}x | "
                     f"{r['ratio_ours_to_raw_build_after']}x | {o.get('stage', 0)} / {o.get('import', 0)} / "
                     f"{o.get('index', 0)} / {o.get('finish', 0)} |")
    lo = min(r["ours"]["records_per_s"] for r in runs)
    lines += ["", f"Median over the runs: **ours {med['ours']:,} records/s end to end** (lowest run {lo:,}), raw COPY "
                  f"with the index in place {med['raw_indexed']:,}, raw COPY then CREATE INDEX "
                  f"{med['raw_build_after']:,}. Every run of ours imported every record, and its reconciliation "
                  "against the file matched (checked by the script); each run's phases and reconciliation are in the "
                  "JSON file of the same name.", "",
              "What one vector costs (raw sides): inserted into the HNSW graph as it arrives "
              + ", ".join(f"{r['hnsw_insert_ms_per_vector']} ms" for r in runs)
              + "; in one CREATE INDEX after the load "
              + ", ".join(f"{r['hnsw_build_ms_per_vector']} ms" for r in runs)
              + " (run by run). Rebuilding costs the whole table, inserting only the new vectors, so the import "
                "defers the index when it adds at least as many vectors as the table holds (and at least 1,000).",
              ""]
    rd, vc = levers["reader"], levers["vector_copy"]
    lines += ["## Levers measured apart", "",
              f"Load average {' / '.join(map(str, levers['load_average_start']))} → "
              f"{' / '.join(map(str, levers['load_average_end']))}; seconds, best of 3.", "",
              f"Reading the same {args.count:,} records (ijson backend `{rd['ijson_backend']}`):", "",
              "| reader | JSON Lines s | JSON array s |", "|---|---|---|",
              f"| the import's reader (`mo.importer.iter_records`) | {rd['import_reader_jsonl_s']} | "
              f"{rd['import_reader_array_s']} |",
              f"| bare parser: orjson per line / ijson `items` (C generator) | {rd['orjson_lines_s']} | "
              f"{rd['ijson_items_generator_s']} |",
              f"| bare parser: ijson `items_coro` (coroutine chain) | | {rd['ijson_items_coroutine_s']} |", "",
              f"COPY of the file's {vc['vectors']:,} embeddings into a `vector(1536)` column: as text (what the "
              f"staging carries; the server parses it) {vc['text_s']} s, in pgvector's binary format (numpy "
              f"float32) {vc['binary_s']} s.", ""]
    stem.with_suffix(".md").write_text("\n".join(lines))
    throughput_chart(stem.with_suffix(".png"), runs, sides, args.count)
    print("\n".join(lines))
    print(f"wrote {stem}.json, .md, .png")


def throughput_chart(path, runs, sides, count):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4))
    xs = range(1, len(runs) + 1)
    for k, (side, label) in enumerate(sides.items()):
        ax.bar([x + (k - 1) * 0.27 for x in xs], [r[side]["records_per_s"] for r in runs], 0.27, label=label)
    ax.axhline(300, color="grey", linestyle="--", linewidth=1, label="300 records/s")
    ax.set_xticks(list(xs), [f"run {x}" for x in xs])
    ax.set_ylabel("records/s, end to end")
    ax.set_title(f"Legacy import of {count:,} records with 1536-d embeddings")
    ax.grid(alpha=0.3, axis="y")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=7099)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--compare-index", action="store_true",
                        help="import into two databases, with and without the HNSW index, side by side")
    parser.add_argument("--runs", type=int, default=3, help="repeat, rotating which side goes first")
    args = parser.parse_args()
    t = common.target.current()
    if args.compare_index:
        return compare_index(t, args)
    return throughput(t, args)


if __name__ == "__main__":
    main()
