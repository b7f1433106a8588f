"""Small helpers shared by the bench scripts that write a report into
bench/results/: the run's facts (date, versions, machine, load average) and
the scratch databases they deploy the plan into.

Every report records the load average at its start and end: this 2-core
machine is shared with other engineers' test runs, so absolute times move
with its load.
"""

import datetime
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mo import target  # noqa: E402

NOISE = ("This machine has 2 cores and is shared with other engineers' test runs, so absolute times are noisy; "
         "the load average at the start and end of the run is recorded in the JSON.")


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def run_facts(uri: str | None = None) -> dict:
    """Date, server and pgvector versions, machine, load average now."""
    uri = uri or target.current().uri("postgres")
    with psycopg.connect(uri) as conn:
        server = conn.execute("SHOW server_version").fetchone()[0]
        vector = conn.execute("SELECT default_version FROM pg_available_extensions WHERE name = 'vector'").fetchone()
    return {"date": datetime.date.today().isoformat(), "postgres": server, "pgvector": vector[0] if vector else None,
            "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
            "load_average_start": load_average()}


def recreate_database(t, dbname: str, template: str | None = None, drop_only: bool = False) -> None:
    with psycopg.connect(t.uri("postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))
        if drop_only:
            return
        if template:
            conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(dbname),
                                                                           sql.Identifier(template)))
        else:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))


def deploy(t, dbname: str, *args: str) -> None:
    """sqitch deploy of the checkout's plan into DBNAME (created first, empty)."""
    recreate_database(t, dbname)
    cmd = ["sqitch", "deploy", *args, t.sqitch_uri(dbname)]
    run = subprocess.run(cmd, cwd=ROOT, env=t.env(), capture_output=True, text=True)
    if run.returncode:
        sys.exit(f"{' '.join(cmd)} failed:\n{run.stdout}\n{run.stderr}")


def write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=1, default=str) + "\n")


def fmt_load(facts: dict) -> str:
    return (f"load average (1 / 5 / 15 min) {' / '.join(map(str, facts['load_average_start']))} at the start, "
            f"{' / '.join(map(str, facts['load_average_end']))} at the end")


def per_run_tables(runs: list[dict], label=lambda key: key) -> list[str]:
    """Markdown lines: one section per run, its load average and a table of
    its calls (n, median, p95, mean in ms); `label` names a call's key."""
    lines = []
    for i, r in enumerate(runs, 1):
        lines += [f"## Run {i} (load average {' / '.join(map(str, r['load_average_start']))} → "
                  f"{' / '.join(map(str, r['load_average_end']))})", "",
                  "| call | n | median ms | p95 ms | mean ms |", "|---|---|---|---|---|"]
        lines += [f"| {label(k)} | {c['n']} | {c['median_ms']:.2f} | {c['p95_ms']:.2f} | {c['mean_ms']:.2f} |"
                  for k, c in r["calls"].items()]
        lines.append("")
    return lines


def measured_runs(t, args, measure) -> tuple[dict, list[dict]]:
    """The facts of a benchmark run and its `args.runs` runs of `measure(t, args)`
    (a dict each), every run with the load average at its start and end."""
    facts = run_facts(t.uri("postgres"))
    runs = []
    for i in range(1, args.runs + 1):
        print(f"run {i}/{args.runs} ...", flush=True)
        run = {"load_average_start": load_average()}
        run.update(measure(t, args))
        run["load_average_end"] = load_average()
        runs.append(run)
    facts["load_average_end"] = load_average()
    return facts, runs


def write_report(stem: Path, report: dict, markdown: str) -> None:
    """STEM.json and STEM.md, and the markdown on stdout."""
    write_json(stem.with_suffix(".json"), report)
    stem.with_suffix(".md").write_text(markdown)
    print(markdown)
