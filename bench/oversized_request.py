"""Oversized input: how long memory.dispatch takes to refuse a 50 MB envelope.

Deploys the plan twice into scratch databases on the target server (DATABASE_URL
or the local cluster): `before` up to change_feed (memory.dispatch parses the
whole request, then finds its content too large), `after` at HEAD (the size
is measured first: request_size_limit). Then times, from the client, as
memory_agent, alternating the two databases call by call:
  text  - SELECT memory.dispatch($1::text): 50 MB of JSON as text;
  jsonb - SELECT memory.dispatch($1::jsonb): the same, cast by the caller's
          statement (the parse happens before the function is entered);
and the raw baseline on the same connection, the floor of each call:
  send  - SELECT octet_length($1::text): the 50 MB sent and received;
  parse - SELECT pg_column_size($1::jsonb): sent and parsed;
and, for comparison, the typed memory.create_memory with the envelope's
content (after only: the typed functions are unchanged).
Writes bench/results/oversized-request-<date>.{md,json,png} (--runs runs,
each with fresh databases). Timing only; nothing is asserted.

    .venv/bin/python bench/oversized_request.py [--mb 50] [--calls 5] [--runs 2]
    ./dev bench-oversized                        # the same, through invoke
"""

import argparse
import json
import statistics
import sys
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mo import target  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import common  # noqa: E402

BEFORE = "change_feed"   # the last change whose memory.dispatch parses first
CALLS = {"text": "SELECT memory.dispatch(%s::text)", "jsonb": "SELECT memory.dispatch(%s::jsonb)"}
TYPED = "SELECT memory.create_memory('context', (%s::jsonb) #> '{payload,content}')"
FLOORS = {"send": "SELECT octet_length(%s::text)", "parse": "SELECT pg_column_size(%s::jsonb)"}
LABELS = {"before_text": "before: memory.dispatch(text)", "after_text": "after: memory.dispatch(text)",
          "send": "baseline: octet_length($1::text) (send only)",
          "before_jsonb": "before: memory.dispatch($1::jsonb)", "after_jsonb": "after: memory.dispatch($1::jsonb)",
          "parse": "baseline: pg_column_size($1::jsonb) (send + parse)",
          "typed": "typed: memory.create_memory(content of $1::jsonb), after (unchanged)"}


def envelope(megabytes: int) -> str:
    return json.dumps({"action": "create", "request_id": "big", "payload": {
        "memory_type": "context", "content": {"text": "x" * (megabytes * 1_000_000)}}})


def timed(conn, query, param):
    started = time.perf_counter()
    answer = conn.execute(query, (param,)).fetchone()[0]
    return (time.perf_counter() - started) * 1000, answer


def stats(samples):
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return {"n": len(samples), "median_ms": round(statistics.median(samples), 2), "p95_ms": round(p95, 2),
            "mean_ms": round(statistics.fmean(samples), 2)}


def measure(t, args) -> dict:
    """One run: fresh `before` and `after` databases, calls alternated between them."""
    names = {side: f"mo_bench_oversized_{side}_{uuid.uuid4().hex[:8]}" for side in ("before", "after")}
    common.deploy(t, names["before"], "--to", BEFORE)
    common.deploy(t, names["after"])
    request = envelope(args.mb)
    samples = {key: [] for key in LABELS}
    answers = {}
    try:
        conns = {side: psycopg.connect(t.uri(name), autocommit=True) for side, name in names.items()}
        for conn in conns.values():
            conn.execute("SET ROLE memory_agent")
        for _ in range(args.calls):
            for kind, query in CALLS.items():
                for side, conn in conns.items():
                    ms, answer = timed(conn, query, request)
                    samples[f"{side}_{kind}"].append(ms)
                    answers[f"{side}_{kind}"] = answer["error"]
            for key, query in FLOORS.items():
                samples[key].append(timed(conns["after"], query, request)[0])
            started = time.perf_counter()
            try:
                conns["after"].execute(TYPED, (request,))
            except psycopg.errors.ProgramLimitExceeded as error:
                answers["typed"] = {"sqlstate": error.sqlstate, "message": error.diag.message_primary}
            samples["typed"].append((time.perf_counter() - started) * 1000)
        for conn in conns.values():
            conn.close()
    finally:
        for name in names.values():
            common.recreate_database(t, name, drop_only=True)
    calls = {key: stats(values) for key, values in samples.items()}
    return {"bytes": len(request.encode()), "calls": calls, "errors": answers,
            "ratios": {kind: round(calls[f"before_{kind}"]["median_ms"] / calls[f"after_{kind}"]["median_ms"], 1)
                       for kind in CALLS}}


def markdown(report) -> str:
    facts, runs, a = report["facts"], report["runs"], report["args"]
    lines = [f"# Oversized input: memory.dispatch refusing a {a['mb']} MB envelope, {facts['date']}", "",
             f"`{report['command']}` (`bench/oversized_request.py --mb {a['mb']} --calls {a['calls']}`, "
             f"{len(runs)} runs, each with freshly deployed scratch databases): PostgreSQL {facts['postgres']}, "
             f"TCP to 127.0.0.1, as `memory_agent`; {common.fmt_load(facts)}. {common.NOISE} Client-side wall time "
             f"of one call with a `create` envelope of {runs[0]['bytes']:,} bytes (content text of {a['mb']} MB). "
             f"`before`: the plan up to `{BEFORE}` (the request is parsed, then its content refused); `after`: HEAD "
             "(`request_size_limit`: the size is measured first, limit `memory_store.max_request_bytes()`). "
             "The baselines are the floor of any call carrying these bytes: sending them, and sending and parsing "
             "them as the caller's `$1::jsonb` does before the function is entered.", "",
             "## Medians (ms)", "",
             "| call | " + " | ".join(f"run {i}" for i in range(1, len(runs) + 1)) + " |",
             "|---|" + "---|" * len(runs)]
    for key, label in LABELS.items():
        lines.append(f"| {label} | " + " | ".join(f"{r['calls'][key]['median_ms']:.2f}" for r in runs) + " |")
    for kind, floor in zip(CALLS, FLOORS):
        lines.append(f"| before / after, {kind} (median) | " + " | ".join(f"{r['ratios'][kind]}x" for r in runs) + " |")
        lines.append(f"| after / baseline, {kind} (median) | " + " | ".join(
            f"{r['calls'][f'after_{kind}']['median_ms'] / r['calls'][floor]['median_ms']:.2f}x" for r in runs) + " |")
    lines += ["", "The answers (last call of the last run):", ""]
    lines += [f"- {LABELS[key]}: `{json.dumps(error)}`" for key, error in runs[-1]["errors"].items()]
    lines.append("")
    lines += common.per_run_tables(runs, LABELS.__getitem__)
    return "\n".join(lines)


def chart(path, report):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = report["runs"]
    keys = list(LABELS)
    fig, ax = plt.subplots(figsize=(8, 4))
    width = 0.8 / len(runs)
    for i, r in enumerate(runs):
        ax.barh([k + i * width for k in range(len(keys))], [r["calls"][key]["median_ms"] for key in keys], width,
                label=f"run {i + 1}")
    ax.set_yticks([k + width * (len(runs) - 1) / 2 for k in range(len(keys))], [LABELS[k] for k in keys], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("median ms per call")
    ax.set_title(f"Refusing a {report['args']['mb']} MB envelope: before and after the size check")
    ax.grid(alpha=0.3, axis="x")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=50, help="size of the envelope's content, MB (default 50)")
    parser.add_argument("--calls", type=int, default=5, help="calls of each kind per run (default 5)")
    parser.add_argument("--runs", type=int, default=2, help="runs, each with fresh databases (default 2)")
    args = parser.parse_args()
    facts, runs = common.measured_runs(target.current(), args, measure)
    command = "./dev bench-oversized" + (f" --runs {args.runs}" if args.runs != 2 else "") + \
        (f" --mb {args.mb}" if args.mb != 50 else "") + (f" --calls {args.calls}" if args.calls != 5 else "")
    report = {"command": command, "facts": facts, "args": vars(args), "runs": runs}
    stem = common.RESULTS / f"oversized-request-{facts['date']}"
    common.write_report(stem, report, markdown(report))
    chart(stem.with_suffix(".png"), report)
    print(f"wrote {stem}.json, .md, .png")


if __name__ == "__main__":
    main()
