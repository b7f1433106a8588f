"""The fuzz tally: how memory.dispatch answered the requests of
tests/test_fuzz_dispatch.py, run by run.

Runs `pytest -s tests/test_fuzz_dispatch.py` --runs times with
MO_FUZZ_EXAMPLES=--requests, reads the tally the test prints at the end
("fuzz tally: N requests, {code: count}") and whether the run passed, and
writes bench/results/fuzz-<date>.{json,md} (derandomized: every run sends the
same sequence) or, with --random, fuzz-random-<date>.{json,md}: each run a new
random sequence, from a hypothesis seed chosen here and recorded, so that
`pytest --hypothesis-seed=SEED` with the same MO_FUZZ_* settings replays it.

The test asserts, for every request, a well-formed envelope, never
internal_error, no rows changed after an error answer and exactly one audit
row. A failing run is reported with hypothesis' falsifying example (its
tally then includes the requests of the shrinking phase).

    .venv/bin/python bench/fuzz_tally.py [--runs 1] [--requests 2000] [--random]
    ./dev fuzz --runs 3 --requests 10000 --random      # the same, through invoke
"""

import argparse
import ast
import os
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

TALLY = re.compile(r"^fuzz tally: (\d+) requests, (\{.*\})$", re.M)
CODES = ["success", "invalid_request", "validation_error", "memory_not_found", "session_not_found",
         "permission_denied", "storage_error", "search_error", "internal_error"]


def run_once(requests: int, seed: int | None, db_suffix: str) -> dict:
    env = common.target.current().env() | {"MO_FUZZ_EXAMPLES": str(requests),
                                           "MO_TEST_DB": f"mo_fuzz_{db_suffix}"}
    env.pop("MO_FUZZ_DEBUG", None)
    cmd = [sys.executable, "-m", "pytest", "-s", "-q", "-p", "no:randomly", "tests/test_fuzz_dispatch.py"]
    if seed is None:
        env.pop("MO_FUZZ_RANDOM", None)
    else:
        env["MO_FUZZ_RANDOM"] = "1"
        cmd.append(f"--hypothesis-seed={seed}")
    started = time.perf_counter()
    done = threading.Event()

    def heartbeat():  # a long run shows it is alive
        while not done.wait(30):
            print(f"    ... {time.perf_counter() - started:.0f} s", flush=True)

    beat = threading.Thread(target=heartbeat, daemon=True)
    beat.start()
    proc = subprocess.run(cmd, cwd=common.ROOT, env=env, capture_output=True, text=True)
    done.set()
    seconds = time.perf_counter() - started
    match = TALLY.search(proc.stdout)
    tally = ast.literal_eval(match.group(2)) if match else {}
    result = {"seed": seed, "passed": proc.returncode == 0, "exit_code": proc.returncode,
              "seconds": round(seconds, 1), "requests_answered": int(match.group(1)) if match else None,
              "tally": {code: tally.get(code, 0) for code in CODES} | {k: v for k, v in tally.items()
                                                                         if k not in CODES},
              "pytest_summary": (proc.stdout.strip().splitlines() or [""])[-1]}
    if proc.returncode:
        falsifying = re.findall(r"Falsifying example:.*?(?=\n\n|\Z)", proc.stdout, re.S)
        result["falsifying_example"] = [f[:2000] for f in falsifying]
        result["output_tail"] = proc.stdout[-4000:] + proc.stderr[-2000:]
    return result


def write_markdown(path: Path, report: dict):
    facts, runs, a = report["facts"], report["runs"], report["args"]
    kind = ("a new random sequence per run (hypothesis seed recorded)" if a["random"]
            else "derandomized: every run sends the same sequence")
    lines = [f"# Fuzzing memory.dispatch: the tally, {facts['date']}", "",
             f"`{report['command']}` (`bench/fuzz_tally.py` runs `pytest -s tests/test_fuzz_dispatch.py` with "
             f"`MO_FUZZ_EXAMPLES={a['requests']}`{' and `MO_FUZZ_RANDOM=1`' if a['random'] else ''}): "
             f"{len(runs)} run{'s' if len(runs) > 1 else ''} of {a['requests']:,} requests, {kind}. "
             f"PostgreSQL {facts['postgres']}; {common.fmt_load(facts)}. {common.NOISE}", "",
             "For every request the test asserts a well-formed envelope, never `internal_error`, identical rows "
             "of every `memory_store` table after an error answer, and exactly one audit row.", "",
             "| run | seed | passed | seconds | requests answered | " + " | ".join(CODES) + " |",
             "|" + "---|" * (5 + len(CODES))]
    for i, r in enumerate(runs, 1):
        lines.append(f"| {i} | {r['seed'] if r['seed'] is not None else 'derandomized'} | "
                     f"{'yes' if r['passed'] else '**no**'} | {r['seconds']:.0f} | {r['requests_answered'] or 0:,} | "
                     + " | ".join(f"{r['tally'].get(c, 0):,}" for c in CODES) + " |")
    if len(runs) > 1:
        total = {c: sum(r["tally"].get(c, 0) for r in runs) for c in CODES}
        lines.append(f"| all | | {sum(r['passed'] for r in runs)} of {len(runs)} | "
                     f"{sum(r['seconds'] for r in runs):.0f} | {sum(r['requests_answered'] or 0 for r in runs):,} | "
                     + " | ".join(f"{total[c]:,}" for c in CODES) + " |")
    failed = [(i, r) for i, r in enumerate(runs, 1) if not r["passed"]]
    lines += [""]
    if failed:
        lines += ["## Failed runs", ""]
        for i, r in failed:
            lines += [f"Run {i} (seed {r['seed']}): `{r['pytest_summary']}`", "", "```",
                      *(r.get("falsifying_example") or [r.get("output_tail", "")[-2000:]]), "```", ""]
    else:
        lines += [f"Every run passed: `internal_error` {sum(r['tally'].get('internal_error', 0) for r in runs)}.", ""]
    if a["random"]:
        lines += ["Replay a run: `MO_FUZZ_RANDOM=1 MO_FUZZ_EXAMPLES=" + str(a["requests"]) +
                  " .venv/bin/python -m pytest -s tests/test_fuzz_dispatch.py --hypothesis-seed=SEED`.", ""]
    path.write_text("\n".join(lines))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--requests", type=int, default=2000, help="MO_FUZZ_EXAMPLES of each run (default 2000)")
    p.add_argument("--random", action="store_true", help="a new random sequence per run (MO_FUZZ_RANDOM=1)")
    p.add_argument("--out", type=Path, default=common.RESULTS)
    args = p.parse_args()
    facts = common.run_facts()
    command = "./dev fuzz" + (f" --runs {args.runs}" if args.runs != 1 else "") + \
        (f" --requests {args.requests}" if args.requests != 2000 else "") + (" --random" if args.random else "")
    seeds = random.SystemRandom()
    runs = []
    for i in range(1, args.runs + 1):
        seed = seeds.randrange(2**32) if args.random else None
        print(f"run {i}/{args.runs}: {args.requests} requests" + (f", seed {seed}" if seed is not None else ""),
              flush=True)
        r = run_once(args.requests, seed, f"{os.getpid()}_{i}")
        r["load_average_end"] = common.load_average()
        runs.append(r)
        print(f"  {'passed' if r['passed'] else 'FAILED'} in {r['seconds']} s: {r['requests_answered']} requests, "
              f"{ {k: v for k, v in r['tally'].items() if v} }", flush=True)
    facts["load_average_end"] = common.load_average()
    report = {"command": command, "facts": facts, "args": vars(args) | {"out": str(args.out)}, "runs": runs}
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / f"fuzz-{'random-' if args.random else ''}{facts['date']}"
    common.write_json(stem.with_suffix(".json"), report)
    write_markdown(stem.with_suffix(".md"), report)
    print(stem.with_suffix(".md").read_text())
    print(f"wrote {stem}.json, .md")
    sys.exit(0 if all(r["passed"] for r in runs) else 1)


if __name__ == "__main__":
    main()
