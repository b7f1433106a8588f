"""Benchmark: what does keeping the history of every memory cost?

Two scratch databases per run, deployed from this checkout:

  before   the plan up to the change just before `history_table` (no version
           columns, no history triggers, the API functions as they were):
           the package as it was before issue 17's history
  history  the plan up to `history_api`: every update keeps the version it
           replaced (memory_store.memory_versions, written by the triggers of
           memory_entries), the API functions of the history change

Both get the same data (--memories memories over --users users, one session
each, seeded), loaded with COPY. Then the same calls run on one connection to
each database, as the superuser (acting for nobody), taking turns call by
call, and their client-side latency is recorded:

  create   memory.create_memory('context', {text}, session, two tags)
  update   memory.update_memory(id, {text}) of a random preloaded memory
  read     memory.read_memory(id) of a random preloaded memory (the current
           version)
  read_as_of (history only, beside its own read) memory.read_memory(id,
           false, an instant between the load and the updates)

Storage: after the run, the size of memory_store.memory_versions (table,
TOAST and indexes: pg_total_relation_size) divided by the versions it holds,
which are the updates made (one kept version per update), the mean row of one
version (pg_column_size) and the mean stored size of one memory's content.

Results go to bench/results/history-<date>.md / .json / .png. Run from the
repository root:

    ./dev bench-history                          # 2 runs, 300 calls of each kind
    .venv/bin/python bench/history.py --runs 1 --calls 100
"""

import argparse
import json
import random
import statistics
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

WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa "
         "quebec romeo sierra tango uniform victor whiskey xray yankee zulu").split()
LABELS = {"create": "memory.create_memory (two tags)", "update": "memory.update_memory (new content)",
          "read": "memory.read_memory (current version)"}
TARGETS = {"create": 1.1, "update": 1.3, "read": 1.05}


def plan_changes() -> list[str]:
    """The change names of sqitch.plan, in order (tags and pragmas left out)."""
    names = []
    for line in (ROOT / "sqitch.plan").read_text().splitlines():
        if line and not line.startswith(("%", "@", "#")) and not line[0].isspace():
            names.append(line.split()[0])
    return names


def before_change() -> str:
    changes = plan_changes()
    return changes[changes.index("history_table") - 1]


def text(rng) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(12))


def load(conn, memories, users, seed):
    rng = random.Random(seed)
    with conn.cursor() as cur:
        for u in range(users):
            cur.execute("INSERT INTO memory_store.sessions (session_id, user_id, session_type) "
                        "VALUES (%s, %s, 'conversation')", (f"s{u}", f"u{u}"))
        with cur.copy("COPY memory_store.memory_entries (memory_id, session_id, memory_type, content) FROM STDIN") as cp:
            for i in range(memories):
                cp.write_row((f"m{i}", f"s{i % users}", "context", json.dumps({"text": text(rng)})))
        with cur.copy("COPY memory_store.memory_tags (memory_id, tag) FROM STDIN") as cp:
            for i in range(memories):
                cp.write_row((f"m{i}", f"t{i % 7}"))
    conn.execute("VACUUM ANALYZE")


def timed(conn, statement, params):
    started = time.perf_counter()
    conn.execute(statement, params).fetchone()
    return (time.perf_counter() - started) * 1000


def stats(samples):
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return {"n": len(samples), "median_ms": round(statistics.median(samples), 3), "p95_ms": round(p95, 3),
            "mean_ms": round(statistics.fmean(samples), 3)}


def measure(t, args) -> dict:
    """One run: fresh `before` and `history` databases, calls alternated between them."""
    names = {side: f"mo_bench_history_{side}_{uuid.uuid4().hex[:8]}" for side in ("before", "history")}
    common.deploy(t, names["before"], "--to", before_change())
    common.deploy(t, names["history"], "--to", "history_api")
    rng = random.Random(args.seed)
    samples = {f"{side}_{call}": [] for side in names for call in LABELS}
    samples["history_read_as_of"] = []
    try:
        conns = {side: psycopg.connect(t.uri(name), autocommit=True) for side, name in names.items()}
        for conn in conns.values():
            load(conn, args.memories, args.users, args.seed)
        instant = conns["history"].execute("SELECT clock_timestamp()").fetchone()[0]
        for i in range(args.calls):
            calls = {
                "create": ("SELECT memory.create_memory('context', %s, p_session_id => %s, p_tags => %s, "
                           "p_memory_id => %s)",
                           (Jsonb({"text": text(rng)}), f"s{i % args.users}", ["bench", f"t{i % 7}"], f"c{i}")),
                "update": ("SELECT memory.update_memory(%s, %s)",
                           (f"m{rng.randrange(args.memories)}", Jsonb({"text": text(rng)}))),
                "read": ("SELECT memory.read_memory(%s)", (f"m{rng.randrange(args.memories)}",)),
            }
            sides = list(names) if i % 2 == 0 else list(reversed(names))
            for call, (statement, params) in calls.items():
                for side in sides:
                    samples[f"{side}_{call}"].append(timed(conns[side], statement, params))
            samples["history_read_as_of"].append(timed(
                conns["history"], "SELECT memory.read_memory(%s, false, %s)", (calls["read"][1][0], instant)))
        conns["history"].execute("VACUUM ANALYZE memory_store.memory_versions")
        versions, history_bytes, row_bytes, content_bytes = conns["history"].execute(
            "SELECT (SELECT count(*) FROM memory_store.memory_versions), "
            "pg_total_relation_size('memory_store.memory_versions'), "
            "(SELECT avg(pg_column_size(v.*)) FROM memory_store.memory_versions v), "
            "(SELECT avg(pg_column_size(content)) FROM memory_store.memory_entries)").fetchone()
        for conn in conns.values():
            conn.close()
    finally:
        for name in names.values():
            common.recreate_database(t, name, drop_only=True)
    calls = {key: stats(values) for key, values in samples.items()}
    ratios = {call: round(calls[f"history_{call}"]["median_ms"] / calls[f"before_{call}"]["median_ms"], 3)
              for call in LABELS}
    ratios["read_as_of / read"] = round(calls["history_read_as_of"]["median_ms"]
                                        / calls["history_read"]["median_ms"], 3)
    return {"calls": calls, "ratios": ratios,
            "storage": {"updates": args.calls, "versions": versions, "history_bytes": history_bytes,
                        "bytes_per_update": round(history_bytes / max(versions, 1), 1),
                        "row_bytes_per_version": round(float(row_bytes or 0), 1),
                        "mean_content_bytes": round(float(content_bytes), 1)}}


def markdown(report) -> str:
    facts, runs, a = report["facts"], report["runs"], report["args"]
    n = len(runs)
    lines = [f"# Cost of the history of memories, {facts['date']}", "",
             f"`{report['command']}` (`bench/history.py --runs {a['runs']} --calls {a['calls']} --memories "
             f"{a['memories']} --users {a['users']}`, {n} runs, each with freshly deployed scratch databases): "
             f"PostgreSQL {facts['postgres']}, TCP to 127.0.0.1, as the superuser acting for nobody; "
             f"{common.fmt_load(facts)}. {common.NOISE}", "",
             f"`before`: the plan up to `{report['before']}`, the change just before `history_table` (no version "
             "columns, no history triggers, the API functions as they were). `history`: the plan up to "
             "`history_api` (every update keeps the version it replaced in `memory_store.memory_versions`, written "
             "by the triggers of `memory_entries` in the same transaction). Same data in both "
             f"({a['memories']:,} memories loaded with COPY, {a['users']} users), the same calls taking turns "
             "call by call on one connection each; client-side wall time of one call.", "",
             "## Ratios of the medians (history / before)", "",
             "| call | target | " + " | ".join(f"run {i}" for i in range(1, n + 1)) + " |",
             "|---|---|" + "---|" * n]
    for call, label in LABELS.items():
        lines.append(f"| {label} | <= {TARGETS[call]}x | " + " | ".join(
            f"{r['ratios'][call]:.3f}x" for r in runs) + " |")
    lines.append("| memory.read_memory with p_as_of / without (history database) | – | " + " | ".join(
        f"{r['ratios']['read_as_of / read']:.3f}x" for r in runs) + " |")
    lines += ["", "## Medians (ms)", "", "| call | " + " | ".join(
        f"run {i} before | run {i} history" for i in range(1, n + 1)) + " |", "|---|" + "---|---|" * n]
    for call, label in LABELS.items():
        lines.append(f"| {label} | " + " | ".join(
            f"{r['calls'][f'before_{call}']['median_ms']:.3f} | {r['calls'][f'history_{call}']['median_ms']:.3f}"
            for r in runs) + " |")
    lines += ["", "## Storage of the history", "",
              "| | " + " | ".join(f"run {i}" for i in range(1, n + 1)) + " |", "|---|" + "---|" * n,
              "| updates made | " + " | ".join(str(r["storage"]["updates"]) for r in runs) + " |",
              "| versions kept | " + " | ".join(str(r["storage"]["versions"]) for r in runs) + " |",
              "| memory_versions, bytes (table + TOAST + indexes) | " + " | ".join(
                  f"{r['storage']['history_bytes']:,}" for r in runs) + " |",
              "| bytes of history per update (relation size / versions) | " + " | ".join(
                  f"{r['storage']['bytes_per_update']:,.1f}" for r in runs) + " |",
              "| mean row of one version, bytes (pg_column_size, before page and index overhead) | " + " | ".join(
                  f"{r['storage']['row_bytes_per_version']:,.1f}" for r in runs) + " |",
              "| mean stored content of one memory, bytes | " + " | ".join(
                  f"{r['storage']['mean_content_bytes']:,.1f}" for r in runs) + " |", ""]
    labels = {**{f"{side}_{call}": f"{side}: {label}" for side in ("before", "history")
                 for call, label in LABELS.items()},
              "history_read_as_of": "history: memory.read_memory with p_as_of"}
    lines += common.per_run_tables(runs, labels.__getitem__)
    return "\n".join(lines)


def chart(path, report):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = report["runs"]
    keys = list(LABELS)
    fig, ax = plt.subplots(figsize=(8, 4))
    width = 0.8 / (2 * len(runs))
    for i, r in enumerate(runs):
        for j, side in enumerate(("before", "history")):
            offset = (2 * i + j) * width
            ax.bar([k + offset for k in range(len(keys))], [r["calls"][f"{side}_{key}"]["median_ms"] for key in keys],
                   width, label=f"run {i + 1} {side}")
    ax.set_xticks([k + width * (2 * len(runs) - 1) / 2 for k in range(len(keys))], [LABELS[k] for k in keys],
                  fontsize=8)
    ax.set_ylabel("median ms per call")
    ax.set_title("Keeping the history of memories: before and with it")
    ax.grid(alpha=0.3, axis="y")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=2, help="runs, each with fresh databases (default 2)")
    parser.add_argument("--calls", type=int, default=300, help="calls of each kind per run (default 300)")
    parser.add_argument("--memories", type=int, default=5000, help="memories loaded first (default 5000)")
    parser.add_argument("--users", type=int, default=20, help="users, one session each (default 20)")
    parser.add_argument("--seed", type=int, default=17, help="seed of the data and the calls (default 17)")
    parser.add_argument("--out", type=Path, default=common.RESULTS, help="folder of the report (default bench/results)")
    args = parser.parse_args()
    facts, runs = common.measured_runs(target.current(), args, measure)
    command = "./dev bench-history" + "".join(
        f" --{k} {getattr(args, k)}" for k, d in (("runs", 2), ("calls", 300), ("memories", 5000), ("users", 20))
        if getattr(args, k) != d)
    report = {"command": command, "before": before_change(), "facts": facts,
              "args": {k: v for k, v in vars(args).items() if k != "out"}, "runs": runs}
    stem = args.out / f"history-{facts['date']}"
    common.write_report(stem, report, markdown(report))
    chart(stem.with_suffix(".png"), report)
    print(f"wrote {stem}.json, .md, .png")


if __name__ == "__main__":
    main()
