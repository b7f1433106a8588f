"""The report of `./dev ha-failover-test` (mo/failover.py): one JSON with
every round, the pg_cron phase and the replication lag under the soak load,
a Markdown summary and a chart beside it, bench/results/ha-failover-<date>.{json,md,png}.

    python bench/ha_failover_report.py bench/results/ha-failover-<date>.json [--docs]   # .md, .png (and docs) again
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

KINDS = ("creates", "bundles", "state_saves", "tag_adds", "deletes")
LIMIT_S = 15


def write(report: dict, facts: dict, docs: bool = False) -> Path:
    facts["load_average_end"] = common.load_average()
    report["facts"] = facts
    stem = common.RESULTS / f"ha-failover-{facts['date']}"
    common.write_json(stem.with_suffix(".json"), report)
    stem.with_suffix(".md").write_text(markdown(report))
    chart(stem.with_suffix(".png"), report)
    if docs:
        update_docs(report, stem.name)
    return stem


DOCS = common.ROOT / "docs" / "ha.md"
BEGIN, END = "<!-- ha-failover:begin -->", "<!-- ha-failover:end -->"


def docs_block(report: dict, stem_name: str) -> str:
    """The figures of docs/ha.md, between the ha-failover markers."""
    facts, rounds = report["facts"], report["rounds"]
    lines = [BEGIN, "",
             f"`{report['command']}`, {facts['date']}, PostgreSQL {facts['postgres']}, pg_auto_failover "
             f"{report.get('pg_autoctl', '?')}, this 2-core machine shared with other work (load average "
             f"{' / '.join(map(str, facts['load_average_start']))} at the start): "
             f"[report](../bench/results/{stem_name}.md), [chart](../bench/results/{stem_name}.png), raw JSON beside "
             "them.", "",
             "| round | killed → promoted | acknowledged writes | lost | unavailable (kill → first write) | "
             "promotion | HNSW probes equal | old primary rejoined (pg_rewind) |", "|---|---|---|---|---|---|---|---|"]
    lines += [f"| {r['round']} | {r['killed']} → {r['promoted']} | {r['acknowledged_total']:,} | {r['lost']} | "
              f"{r['unavailable_s']} s | {r['promotion_s']} s | {'yes' if r['hnsw_probes']['equal'] else 'NO'} | "
              f"{r['rejoin_s']} s ({'yes' if r['rewound'] else 'no'}) |" for r in rounds]
    last = rounds[-1]
    lines += ["", f"After the last round: {last['memories_verified']:,} live memories with their tags, embeddings and "
              f"audit rows, {last['deletes_verified']:,} deletes, amcheck on {last['btree_indexes_checked']} B-tree "
              f"indexes, `verify_heapam` on {last['heap_relations_checked']} relations; problems found: "
              f"{len(problems(report))}."]
    cron = report.get("cron")
    if cron and cron.get("next_run"):
        lines += ["", "pg_cron: the interrupted `purge_expired` run had deleted "
                  f"{cron['deleted_by_interrupted_run']:,} "
                  f"of {cron['expiring']:,}; the next run on the new primary deleted "
                  f"{cron['next_run']['rows_affected']:,} ({cron['next_run']['status']}), {cron['left_at_end']} left; "
                  f"job workers seen on the standby: {cron['samples']['standby']['with_job_worker']} of "
                  f"{cron['samples']['standby']['n']} samples. The example agent: "
                  f"{'; '.join(cron['example_agent']['output'][-2:])}."]
    lag = report.get("lag")
    if lag:
        s, a, ratio = lag["synchronous"], lag["asynchronous"], lag["sync_over_async"]
        lines += ["", f"Replication lag under the soak load ({lag['ops']:,} operations, {lag['clients']} clients): "
                  f"replay lag p50 / p95 / max {s['replay_lag_ms']['p50']} / {s['replay_lag_ms']['p95']} / "
                  f"{s['replay_lag_ms']['max']} ms with the standby synchronous, {a['replay_lag_ms']['p50']} / "
                  f"{a['replay_lag_ms']['p95']} / {a['replay_lag_ms']['max']} ms asynchronous; the soak's p50 "
                  f"latency ×{ratio['p50']} and p99 ×{ratio['p99']}, throughput ×{ratio['ops_per_second']} "
                  "synchronous against asynchronous."]
    lines += ["", END]
    return "\n".join(lines)


def update_docs(report: dict, stem_name: str) -> None:
    text = DOCS.read_text()
    start, end = text.index(BEGIN), text.index(END) + len(END)
    DOCS.write_text(text[:start] + docs_block(report, stem_name) + text[end:])


def problems(report: dict) -> list[str]:
    found = [p for r in report["rounds"] for p in r["problems"]]
    found += report.get("cron", {}).get("problems", [])
    found += [f"round {r['round']}: unavailable {r['unavailable_s']} s > {LIMIT_S} s" for r in report["rounds"]
              if r["unavailable_s"] is None or r["unavailable_s"] > LIMIT_S]
    for mode in ("synchronous", "asynchronous"):
        soak = report.get("lag", {}).get(mode, {}).get("soak", {})
        if soak.get("errors"):
            found.append(f"soak ({mode}): {soak['errors']} errors {soak.get('error_examples')}")
    return found


def _range(values) -> str:
    values = [v for v in values if v is not None]
    return f"{min(values)}–{max(values)}" if values else "-"


def markdown(report: dict) -> str:
    facts, rounds = report["facts"], report["rounds"]
    timeouts = {**report["monitor_timeouts"], **report["keeper_timeouts"]}
    lines = [f"# Failover: {len(rounds)} rounds on a pg_auto_failover formation, {facts['date']}", "",
             f"`{report['command']}` (`mo/failover.py`): a monitor and two data nodes on loopback ports "
             f"(`mo/ha.py`), the standby synchronous. In each round {rounds[0]['writers']} agents write through "
             "`memory.dispatch` with the multi-host URI (`target_session_attrs=read-write`); the node that is "
             "primary is lost (its pg_autoctl keeper, postmaster and every child SIGKILLed); the monitor promotes "
             "the standby; the agents reconnect and carry on; every acknowledged write is checked on the new "
             "primary; the lost node is started again and rejoins as a standby (pg_rewind). "
             f"PostgreSQL {facts['postgres']}, pgvector {facts['pgvector']}, pg_auto_failover "
             f"{report.get('pg_autoctl', '?')}; {common.fmt_load(facts)}. {common.NOISE}", "",
             "| round | killed → promoted | acknowledged (creates / bundles / state saves / tag adds / deletes) | "
             "lost | in flight, committed | unavailable s (first / last agent) | promotion s | HNSW probes equal | "
             "B-trees checked | rejoin s (pg_rewind) | problems |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rounds:
        a = r["acknowledged"]
        lines.append(f"| {r['round']} | {r['killed']} → {r['promoted']} | **{r['acknowledged_total']:,}** "
                     f"({' / '.join(str(a[k]) for k in KINDS)}) | **{r['lost']}** | {r['in_flight_committed']} | "
                     f"**{r['unavailable_s']}** / {r['last_writer_back_s']} | {r['promotion_s']} | "
                     f"{'yes' if r['hnsw_probes']['equal'] else '**NO**'} ({r['hnsw_probes']['queries']} queries) | "
                     f"{r['btree_indexes_checked']} | {r['rejoin_s']} ({'yes' if r['rewound'] else 'no'}) | "
                     f"{len(r['problems'])} |")
    last = rounds[-1]
    lines += ["", f"Unavailability (SIGKILL to the first acknowledged write on the new primary): "
              f"{_range(r['unavailable_s'] for r in rounds)} s over {len(rounds)} rounds (limit {LIMIT_S} s). "
              f"After the last round {last['memories_verified']:,} live memories (each with its tags, its embedding "
              "and a successful `create` audit row; "
              f"{last['audit_rows_of_live_memories']:,} such rows name them, bundles' relationships included) and "
              f"{last['deletes_verified']:,} deletes were verified, amcheck (`bt_index_check`, heapallindexed) passed "
              f"on {last['btree_indexes_checked']} B-tree indexes and `verify_heapam` on "
              f"{last['heap_relations_checked']} relations, and the HNSW index returned each of "
              f"{last['hnsw']['self_hits']} sampled memories first for its own embedding.", "",
              "Timeouts (monitor: `ALTER SYSTEM` on the monitor; keeper: `pg_autoctl config set`):", "",
              "| setting | value |", "|---|---|", *[f"| `{k}` | {v} |" for k, v in timeouts.items()], ""]
    cron = report.get("cron")
    if cron:
        nxt = cron["next_run"] or {}
        lines += ["## pg_cron after the failover", "",
                  f"{cron['expiring']:,} memories expired; `purge_expired` ran every minute in batches of "
                  f"{cron['batch_size']}. {cron['killed']} was lost while run {cron['interrupted_run']} was purging; "
                  f"it had committed {cron['deleted_by_interrupted_run']:,} deletions. On the new primary "
                  f"({cron['promoted']}) pg_cron's next run ({nxt.get('run_id')}, {nxt.get('status')}) deleted "
                  f"**{nxt.get('rows_affected')}** = the {cron['left_after_failover']:,} left, "
                  f"{cron['left_at_end']} remained; memories that had not expired: "
                  f"{cron['unexpired_kept'][0]:,} before, "
                  f"{cron['unexpired_kept'][1]:,} after. The job log (`cron.job_run_details`) on the new primary:", "",
                  "| runid | status | message | start |", "|---|---|---|---|",
                  *[f"| {d['runid']} | {d['status']} | {d['return_message']} | {d['start_time']} |"
                    for d in cron["cron_job_run_details"]], "",
                  "The package's own log (`memory_store.job_runs`) on the new primary:", "",
                  "| run_id | status | rows | detail |", "|---|---|---|---|",
                  *[f"| {r['run_id']} | {r['status']} | {r['rows_affected']} | {r['detail']} |"
                    for r in cron["job_runs"]], "",
                  "`memory_store.job_status` shows the job's last run "
                  f"({cron['job_status'][0] if cron['job_status'] else '?'}, "
                  f"{cron['job_status'][1] if cron['job_status'] else '?'} rows). "
                  "Sampled every 0.5 s until that run finished: a pg_cron job worker was seen "
                  f"in {cron['samples']['primary']['with_job_worker']} of {cron['samples']['primary']['n']} samples "
                  f"on the primary and in {cron['samples']['standby']['with_job_worker']} of "
                  f"{cron['samples']['standby']['n']} on the other node ({cron['samples']['standby']['down']} while "
                  "it was still down or rewinding, the rest as a standby).", "",
                  "The example agent (`examples/agent_reconnect.py`, multi-host URI) wrote through this failover "
                  f"(exit {cron['example_agent']['exit']}):", "",
                  *[f"    {line}" for line in cron["example_agent"]["output"]], ""]
    lag = report.get("lag")
    if lag:
        s, a, ratio = lag["synchronous"], lag["asynchronous"], lag["sync_over_async"]
        lines += ["## Replication lag under the soak load", "",
                  f"`bench/soak.py` ({lag['ops']:,} mixed operations, {lag['clients']} clients, through the multi-host "
                  "URI) twice in this run: the formation as it runs (standby synchronous, "
                  f"`synchronous_standby_names = {s['synchronous_standby_names']}`) and, as the baseline, the standby "
                  "asynchronous (`pg_autoctl set node replication-quorum false`). `pg_stat_replication` sampled "
                  "every 0.2 s on the primary.", "",
                  "| standby | samples | replay lag ms p50 / p95 / max | replay lag bytes p50 / p95 / max | "
                  "flush lag ms p95 | soak ops/s | soak p50 / p95 / p99 ms | errors |",
                  "|---|---|---|---|---|---|---|---|"]
        for name, m in (("synchronous", s), ("asynchronous", a)):
            rl, rb, lat = m["replay_lag_ms"] or {}, m["replay_lag_bytes"] or {}, m["soak"]["latency_ms"]
            lines.append(f"| {name} ({', '.join(m['sync_states'])}) | {m['samples']} | {rl.get('p50')} / "
                         f"{rl.get('p95')} / {rl.get('max')} | {rb.get('p50')} / {rb.get('p95')} / {rb.get('max')} | "
                         f"{(m['flush_lag_ms'] or {}).get('p95')} | {m['soak']['ops_per_second']} | {lat['p50']} / "
                         f"{lat['p95']} / {lat['p99']} | {m['soak']['errors']} |")
        lines += ["", f"Synchronous over asynchronous: p50 ×{ratio['p50']}, p95 ×{ratio['p95']}, "
                  f"p99 ×{ratio['p99']}, "
                  f"throughput ×{ratio['ops_per_second']}.", ""]
    found = problems(report)
    lines += [f"Problems: {len(found)}." if not found else "Problems:", ""]
    lines += [f"- {p}" for p in found[:30]]
    lines += ["", "Every figure: the JSON file of the same name; chart: the PNG.", ""]
    return "\n".join(lines)


def chart(path: Path, report: dict) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rounds = report["rounds"]
    fig, ax = plt.subplots(1, 2, figsize=(10, 3.6))
    x = [r["round"] for r in rounds]
    ax[0].bar([i - 0.2 for i in x], [r["unavailable_s"] or 0 for r in rounds], width=0.4,
              label="kill → first acknowledged write")
    ax[0].bar([i + 0.2 for i in x], [r["rejoin_s"] for r in rounds], width=0.4, label="old primary rejoined")
    ax[0].axhline(LIMIT_S, color="red", linestyle="--", linewidth=1, label=f"limit {LIMIT_S} s (unavailability)")
    ax[0].set_xticks(x, [f"round {i}\n{r['killed']}→{r['promoted']}" for i, r in zip(x, rounds)])
    ax[0].set_ylabel("seconds")
    ax[0].set_title("Failover rounds")
    ax[0].legend(fontsize=7)
    lag = report.get("lag")
    if lag:
        modes = ("synchronous", "asynchronous")
        for i, key in enumerate(("p50", "p95", "max")):
            ax[1].bar([j + (i - 1) * 0.25 for j in range(2)],
                      [(lag[m]["replay_lag_ms"] or {}).get(key) or 0 for m in modes], width=0.25, label=key)
        ax[1].set_xticks(range(2), [f"standby {m}" for m in modes])
        ax[1].set_ylabel("replay lag, ms")
        ax[1].set_title(f"Replication lag under soak ({lag['ops']:,} ops)")
        ax[1].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


if __name__ == "__main__":
    import json

    source = Path(sys.argv[1])
    data = json.loads(source.read_text())
    source.with_suffix(".md").write_text(markdown(data))
    chart(source.with_suffix(".png"), data)
    if "--docs" in sys.argv:
        update_docs(data, source.stem)
    print(f"wrote {source.with_suffix('.md')}, .png")
