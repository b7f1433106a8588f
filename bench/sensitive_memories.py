"""Cost of sensitive memories (pgcrypto, change sensitive_memories).

Deploys the plan into a scratch database on the target server (DATABASE_URL
or the local cluster), then times from the client, interleaved so that both
sides see the same load:
  create  - memory.create_memory vs memory.create_sensitive_memory
            (the same ~300-byte content; the key set once per session);
  read    - memory.read_memory of a plain vs a sensitive memory;
  update  - memory.update_memory with new content, plain vs sensitive
            (decrypt, re-encrypt);
  rotate  - memory.rotate_encryption_key over --rotate memories, one call;
  embed   - inserting embeddings (one statement per round, per row shown)
            with the trigger that refuses sensitive memories, vs with the
            trigger disabled, alternating rounds.
Writes bench/results/sensitive-memories-<date>.{md,json} (--runs runs, each
in a fresh database). Timing only; nothing is asserted.

    .venv/bin/python bench/sensitive_memories.py [--calls 300] [--rotate 1000] [--runs 2]
    ./dev bench-sensitive                        # the same, through invoke
"""

import argparse
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
from psycopg.types.json import Jsonb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mo import target  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import common  # noqa: E402

KEY = "bench-key-" + uuid.uuid4().hex
NEW_KEY = "bench-key-" + uuid.uuid4().hex
TEXT = "The garage door code is 4711 and the spare key is under the blue flower pot. " * 4
VECTOR = "[" + ",".join(["0.01"] * 1536) + "]"


def timed(conn, sql, params=None):
    started = time.perf_counter()
    row = conn.execute(sql, params).fetchone()
    return (time.perf_counter() - started) * 1000, row


def measure(t, args) -> dict:
    """One run in a fresh scratch database; every figure of the report."""
    dbname = f"mo_bench_sensitive_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(t.uri("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{dbname}"')
    try:
        subprocess.run(["sqitch", "deploy", t.sqitch_uri(dbname)], cwd=ROOT, env=t.env(), check=True,
                       capture_output=True, text=True)
        results = {name: [] for name in ("create plain", "create sensitive", "read plain", "read sensitive",
                                         "update plain", "update sensitive", "embedding, trigger on",
                                         "embedding, trigger off")}
        with psycopg.connect(t.uri(dbname), autocommit=True) as conn:
            conn.execute("SELECT set_config('memory.encryption_key', %s, false)", (KEY,))
            plain_ids, sensitive_ids = [], []
            for i in range(args.calls):
                content = Jsonb({"text": f"{TEXT} #{i}"})
                ms, row = timed(conn, "SELECT memory_id FROM memory.create_memory('context', %s)", (content,))
                results["create plain"].append(ms)
                plain_ids.append(row[0])
                ms, row = timed(conn, "SELECT memory_id FROM memory.create_sensitive_memory('context', %s)", (content,))
                results["create sensitive"].append(ms)
                sensitive_ids.append(row[0])
            for plain, sensitive in zip(plain_ids, sensitive_ids):
                results["read plain"].append(timed(conn, "SELECT memory.read_memory(%s)", (plain,))[0])
                results["read sensitive"].append(timed(conn, "SELECT memory.read_memory(%s)", (sensitive,))[0])
            for i, (plain, sensitive) in enumerate(zip(plain_ids, sensitive_ids)):
                content = Jsonb({"text": f"{TEXT} updated #{i}"})
                results["update plain"].append(timed(conn, "SELECT memory.update_memory(%s, %s)", (plain, content))[0])
                results["update sensitive"].append(
                    timed(conn, "SELECT memory.update_memory(%s, %s)", (sensitive, content))[0])
            # Embeddings in batches (one INSERT of every plain memory's embedding
            # under a new model name), trigger on and off in alternating rounds:
            # the refusal is part of the one trigger that reads an embedding's
            # memory (vector_embeddings_from_memory: user_id, filter columns),
            # so off is that whole read.
            for round_ in range(6):
                enabled = round_ % 2 == 0
                if not enabled:
                    conn.execute("ALTER TABLE memory_store.vector_embeddings "
                                 "DISABLE TRIGGER vector_embeddings_from_memory")
                ms = timed(conn, "INSERT INTO memory_store.vector_embeddings (memory_id, embedding, embedding_model) "
                                 "SELECT m, %s::extensions.vector, %s FROM unnest(%s::text[]) AS m RETURNING 1",
                           (VECTOR, f"model-{round_}", plain_ids))[0]
                if not enabled:
                    conn.execute("ALTER TABLE memory_store.vector_embeddings "
                                 "ENABLE TRIGGER vector_embeddings_from_memory")
                results["embedding, trigger on" if enabled else "embedding, trigger off"].append(ms / len(plain_ids))
            extra = max(0, args.rotate - len(sensitive_ids))
            conn.execute("SELECT count(memory.create_sensitive_memory('context', jsonb_build_object('text', %s || g))) "
                         "FROM generate_series(1, %s) g", (TEXT, extra))
            total = conn.execute("SELECT count(*) FROM memory_store.memory_entries WHERE is_sensitive").fetchone()[0]
            conn.execute("SELECT set_config('memory.new_encryption_key', %s, false)", (NEW_KEY,))
            rotate_ms, rotated = timed(conn, "SELECT rotated, skipped FROM memory.rotate_encryption_key()")
            cipher_bytes = conn.execute("SELECT avg(octet_length(content_encrypted))::int, "
                                        "avg(octet_length(jsonb_build_object('memory_id', memory_id, 'content', "
                                        "extensions.pgp_sym_decrypt(content_encrypted, %s)::jsonb -> 'content')::text))::int "
                                        "FROM memory_store.memory_entries WHERE is_sensitive", (NEW_KEY,)).fetchone()
            results["SELECT 1 (round trip)"] = [timed(conn, "SELECT 1")[0] for _ in range(args.calls)]
            # The cipher alone, server-side (no round trips): 1,000 of each.
            crypto = conn.execute("""
                WITH e AS MATERIALIZED (
                    SELECT clock_timestamp() AS t0,
                           (SELECT array_agg(memory_store.encrypt_content('m-' || g, jsonb_build_object('text', %s::text), %s))
                              FROM generate_series(1, 1000) g) AS c),
                     m AS MATERIALIZED (SELECT clock_timestamp() AS t1, c FROM e),
                     d AS MATERIALIZED (
                    SELECT (SELECT count(memory_store.decrypt_content('m-' || i, m.c[i], %s))
                              FROM generate_series(1, 1000) i) AS n FROM m)
                SELECT extract(epoch FROM m.t1 - e.t0) * 1000 / 1000,
                       extract(epoch FROM clock_timestamp() - m.t1) * 1000 / d.n
                  FROM e, m, d""", (TEXT, KEY, KEY)).fetchone()
    finally:
        with psycopg.connect(t.uri("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    return {"calls": {name: stats(samples) for name, samples in results.items()},
            "rotation": {"rotated": rotated[0], "skipped": rotated[1], "sensitive_memories": total,
                         "ms": round(rotate_ms, 1), "ms_per_memory": round(rotate_ms / max(1, rotated[0]), 3)},
            "server_side_ms": {"encrypt_content": round(float(crypto[0]), 3),
                               "decrypt_content": round(float(crypto[1]), 3)},
            "ciphertext_bytes": cipher_bytes[0], "plaintext_bytes": cipher_bytes[1]}


def stats(samples):
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return {"n": len(samples), "median_ms": round(statistics.median(samples), 2), "p95_ms": round(p95, 2),
            "mean_ms": round(statistics.fmean(samples), 2)}


PAIRS = (("create", "create plain", "create sensitive"), ("read", "read plain", "read sensitive"),
         ("update with content", "update plain", "update sensitive"))


def markdown(report) -> str:
    facts, runs, a = report["facts"], report["runs"], report["args"]
    lines = [f"# Sensitive memories: cost of encryption at rest, {facts['date']}", "",
             f"`{report['command']}` (`bench/sensitive_memories.py --calls {a['calls']} --rotate {a['rotate']}`, "
             f"{len(runs)} runs, each in a freshly deployed scratch database): PostgreSQL {facts['postgres']}; "
             f"{common.fmt_load(facts)}. {common.NOISE} Client-side wall time of one call, client round trip "
             f"included (floor: `SELECT 1`); the content is a {len(TEXT) + 10}-character text; calls interleaved "
             "plain / sensitive.", "",
             "## Plain → sensitive, medians (ms)", "",
             "| call | " + " | ".join(f"run {i}" for i in range(1, len(runs) + 1)) + " |",
             "|---|" + "---|" * len(runs)]
    for label, plain, sensitive in PAIRS:
        lines.append(f"| {label} | " + " | ".join(
            f"{r['calls'][plain]['median_ms']:.2f} → {r['calls'][sensitive]['median_ms']:.2f} "
            f"({r['calls'][sensitive]['median_ms'] / r['calls'][plain]['median_ms']:.2f}x)" for r in runs) + " |")
    lines.append("| server-side encrypt / decrypt, per operation | " + " | ".join(
        f"{r['server_side_ms']['encrypt_content']:.3f} / {r['server_side_ms']['decrypt_content']:.3f}" for r in runs)
        + " |")
    lines.append(f"| rotate_encryption_key, per memory ({a['rotate']:,} in one call) | " + " | ".join(
        f"{r['rotation']['ms_per_memory']:.2f} ({r['rotation']['ms']:.0f} ms in all)" for r in runs) + " |")
    lines.append("| embedding insert per row, the trigger reading its memory (with the refusal) on → off | " + " | ".join(
        f"{r['calls']['embedding, trigger on']['median_ms']:.2f} → {r['calls']['embedding, trigger off']['median_ms']:.2f}"
        for r in runs) + " |")
    lines += ["", f"Ciphertext {runs[0]['ciphertext_bytes']} bytes for {runs[0]['plaintext_bytes']} bytes of plaintext "
                  "(`{\"memory_id\", \"content\"}` as JSON): OpenPGP overhead, no compression.", ""]
    lines += common.per_run_tables(runs)
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=300, help="calls of each kind")
    parser.add_argument("--rotate", type=int, default=1000, help="sensitive memories one rotation re-encrypts")
    parser.add_argument("--runs", type=int, default=2, help="runs, each in a fresh database (default 2)")
    parser.add_argument("--out", type=Path, default=common.RESULTS, help="results directory (default bench/results)")
    args = parser.parse_args()
    t = target.current()
    facts = common.run_facts(t.uri("postgres"))
    runs = []
    for i in range(1, args.runs + 1):
        print(f"run {i}/{args.runs} ...", flush=True)
        run = {"load_average_start": common.load_average()}
        run.update(measure(t, args))
        rotation = run["rotation"]
        print(f"rotate_encryption_key: {rotation['rotated']} rotated, {rotation['skipped']} skipped "
              f"of {rotation['sensitive_memories']}", flush=True)
        run["load_average_end"] = common.load_average()
        runs.append(run)
    facts["load_average_end"] = common.load_average()
    command = "./dev bench-sensitive" + (f" --runs {args.runs}" if args.runs != 2 else "") + \
        (f" --calls {args.calls}" if args.calls != 300 else "") + (f" --rotate {args.rotate}" if args.rotate != 1000 else "")
    report = {"command": command, "facts": facts, "args": {k: v for k, v in vars(args).items() if k != "out"},
              "runs": runs}
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / f"sensitive-memories-{facts['date']}"
    common.write_json(stem.with_suffix(".json"), report)
    stem.with_suffix(".md").write_text(markdown(report))
    print(stem.with_suffix(".md").read_text())
    print(f"wrote {stem}.json, .md")


if __name__ == "__main__":
    main()
