"""The report of `./dev crash-test` (mo/crash.py): one JSON with every round
and a Markdown summary beside it, bench/results/crash[-unsafe]-<rounds>-rounds-<date>.{json,md}.
`tests/test_crash.py` runs the same `crash.run(rounds=3, writers=4)` as
`./dev crash-test --rounds 3`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

KINDS = ("creates", "bundles", "state_saves", "tag_adds", "deletes")


def summarise(reports: list[dict]) -> dict:
    acked = {k: sum(r["acknowledged"].get(k, 0) for r in reports) for k in KINDS}
    recovery = [r["restart_with_recovery_s"] for r in reports]
    last = reports[-1]
    return {"rounds": len(reports), "acknowledged_total": sum(r["acknowledged_total"] for r in reports),
            "acknowledged": acked, "found": sum(r["found"] for r in reports),
            "lost": sum(r["lost"] for r in reports),
            "per_round": [r["acknowledged_total"] for r in reports],
            "lost_per_round": [r["lost"] for r in reports],
            "in_flight_committed": sum(r["in_flight_committed"] for r in reports),
            "problems": sum(len(r["problems"]) for r in reports),
            "orphans": sum(r["orphans"] for r in reports),
            "recovery_s": [min(recovery), max(recovery)],
            "memories_verified_at_end": last.get("memories_verified"),
            "deletes_verified_at_end": last.get("deletes_verified"),
            "btree_indexes_checked": last.get("btree_indexes_checked"),
            "heap_relations_checked": last.get("heap_relations_checked"),
            "hnsw_at_end": last.get("hnsw")}


def write(reports: list[dict], rounds: int, writers: int, unsafe: bool, facts: dict) -> Path:
    facts["load_average_end"] = common.load_average()
    total = summarise(reports)
    command = f"./dev crash-test --rounds {rounds}" + (f" --writers {writers}" if writers != 4 else "") + \
        (" --unsafe" if unsafe else "")
    stem = common.RESULTS / f"crash-{'unsafe-' if unsafe else ''}{rounds}-rounds-{facts['date']}"
    report = {"command": command, "facts": facts, "unsafe": unsafe, "writers": writers, "total": total,
              "rounds": reports}
    common.write_json(stem.with_suffix(".json"), report)
    stem.with_suffix(".md").write_text(markdown(report))
    return stem


def markdown(report: dict) -> str:
    command, facts, unsafe, total, reports = (report[k] for k in ("command", "facts", "unsafe", "total", "rounds"))
    writers = report.get("writers", reports[0]["writers"])
    a = total["acknowledged"]
    hnsw = total["hnsw_at_end"] or {}
    lines = [f"# Crash safety: {total['rounds']} kill/restart rounds{' with synchronous_commit = off' if unsafe else ''}"
             f", {facts['date']}", "",
             f"`{command}` (`mo/crash.py` on a throw-away cluster: {writers} writers for 1.5–3 s, SIGKILL of the "
             "postmaster and each of its processes, restart with crash recovery, then every acknowledged write is "
             f"checked). PostgreSQL {facts['postgres']}, pgvector {facts['pgvector']}; {common.fmt_load(facts)}. "
             f"{common.NOISE}", "",
             "| rounds | acknowledged (creates / bundles / state saves / tag adds / deletes) | per round | found | "
             "lost | in flight and committed | problems |", "|---|---|---|---|---|---|---|",
             f"| {total['rounds']} | **{total['acknowledged_total']:,}** ({' / '.join(f'{a[k]:,}' for k in KINDS)}) | "
             f"{' / '.join(map(str, total['per_round']))} | {total['found']:,} | **{total['lost']}** | "
             f"{total['in_flight_committed']} | {total['problems']} |", "",
             f"Crash recovery (restart) took {total['recovery_s'][0]}–{total['recovery_s'][1]} s. After the last round "
             f"{total['memories_verified_at_end']:,} live memories and {total['deletes_verified_at_end']:,} deletes "
             f"were verified; amcheck (`bt_index_check`, heapallindexed) passed on {total['btree_indexes_checked']} "
             f"B-tree indexes and `verify_heapam` on {total['heap_relations_checked']} relations; the HNSW top-10 "
             f"query {'used' if hnsw.get('index_scan') else 'did NOT use'} the index, returned {hnsw.get('rows')} rows, "
             f"and {hnsw.get('self_hits')} sampled memories found their own embedding first.", ""]
    if unsafe:
        lines += [f"Lost acknowledged writes per round: {', '.join(map(str, total['lost_per_round']))} "
                  "(a COMMIT returns before its WAL is flushed: the check must find losses).", ""]
    problems = [p for r in reports for p in r["problems"]]
    if problems:
        lines += ["Problems found (first 20):", "", *[f"- {p}" for p in problems[:20]], ""]
    lines += ["Every round's figures: the JSON file of the same name.", ""]
    return "\n".join(lines)
