"""Duplicate-code scan of the function bodies (issue 12, point 4).

Runs the `duplicates` tool (it must be on PATH; it is not part of this
repository) over
  * the live tree: functions/memory, functions/memory_store and
    functions/memory_archive (when present), copied into a scratch git
    repository so that functions/history (released bodies kept for reverts)
    does not add its deliberate pairs; then each schema folder alone, so that
    the pairs can be counted per schema pair;
  * functions/ with functions/history;
  * the whole tree (the working tree of this checkout).
Each live row is put in one group (see docs/layout.md, "Duplicate-code
scan"): envelope, signature, frame, same shape, or other (named in the
report, each with its verdict in docs/layout.md).

Writes bench/results/duplicate-scan-<date>.md and .json.
"""

import argparse
import collections
import datetime
import json
import pathlib
import re
import shutil
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
LIVE = ("memory", "memory_store", "memory_archive")

HEADER = re.compile(r"^(?P<pairs>\d+) pairs of places \((?P<files>\d+) files read\).*?"
                    r"\((?P<shape>\d+) by shape alone, (?P<boilerplate>\d+) of those marked boilerplate\)")
ROW = re.compile(r"^D\d+ (?P<a>\S+):(?P<a0>\d+)-(?P<a1>\d+) ~ (?P<b>\S+):(?P<b0>\d+)-(?P<b1>\d+)(?P<rest>.*)$")

# A line of the frame every function file has: the CREATE ... AS $fn$ header,
# DECLARE / BEGIN / END, one declared variable, the argument checks
# (require / check_id), the "not found" and NULL answers, a parameter line.
FRAME_LINE = re.compile(r"^\s*(" + "|".join([
    r"CREATE OR REPLACE (FUNCTION|PROCEDURE) .*", r"RETURNS .*", r"LANGUAGE \w+( \w+)*", r"SECURITY DEFINER",
    r"SET [\w.]+ (=|TO) .*", r"(IMMUTABLE|STABLE|VOLATILE|STRICT|PARALLEL SAFE)( \w+)*", r"AS \$\w*\$",
    r"DECLARE", r"BEGIN", r"END;?", r"\$\w*\$;", r"v_\w+\s+[\w.\[\]]+(\([\d, ]+\))?( \w+)*\s*(:=.*)?;",
    r"PERFORM memory_store\.(check_id|require)\(.*;", r"RETURN( v_\w+| NULL| NEW| OLD|;)?;?", r"IF NOT FOUND THEN",
    r"END IF;", r"RAISE;", r"[\w.]*\)", r"p_\w+\s+.*[,)]", r"[\w\s,]+\)", r"RETURN QUERY", r"ELSE", r"END LOOP;",
    r"EXCEPTION WHEN OTHERS THEN", r"IF .* IS NULL( OR .*)? THEN", r"RAISE EXCEPTION .*", r"USING ERRCODE = .*;",
    r"\w+\s+[\w.]+,?"]) + r")\s*$")
ENVELOPE = re.compile(r"memory_store\.audit(_autonomous)?\(|v_request jsonb|EXCEPTION WHEN OTHERS|v_result\s*:=")


def scan(folder: pathlib.Path, most: int = 200, seconds: int = 240) -> tuple[dict, list[str]]:
    out = subprocess.run(["duplicates", "--most", str(most), "--seconds", str(seconds)], cwd=folder,
                         capture_output=True, text=True, check=True).stdout.splitlines()
    head = HEADER.match(out[0]) if out else None
    if not head:
        raise SystemExit(f"duplicates in {folder}: unexpected answer {out[:1]}")
    incomplete = [line for line in out if line.startswith("incomplete:")]
    if incomplete:
        raise SystemExit(f"duplicates in {folder}: {incomplete[0]} (raise --seconds)")
    return {k: int(v) for k, v in head.groupdict().items()}, [line for line in out if ROW.match(line)]


def scratch_repo(parent: pathlib.Path, name: str, folders: list[str]) -> pathlib.Path:
    repo = parent / name
    repo.mkdir()
    for folder in folders:
        if (ROOT / "functions" / folder).is_dir():
            shutil.copytree(ROOT / "functions" / folder, repo / folder)
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=scan", "-c", "user.email=scan@invalid",
                                                 "commit", "-qm", "scan"]):
        subprocess.run(["git", *args], cwd=repo, check=True)
    return repo


def group(row: str, repo: pathlib.Path) -> str:
    m = ROW.match(row)
    lines = (repo / m["a"]).read_text().splitlines()[int(m["a0"]) - 1:int(m["a1"])]
    code = [line for line in lines if line.strip() and not line.strip().startswith("--")]
    schema_a, schema_b = m["a"].split("/")[0], m["b"].split("/")[0]
    if schema_a == schema_b == "memory" and ENVELOPE.search("\n".join(code)):
        return "envelope"
    if sum(bool(re.match(r"^\s*p_\w+\s+", line)) for line in code) >= 3:
        return "signature"
    if "shape" in m["rest"]:
        return "same shape"
    if all(FRAME_LINE.match(line) for line in code):
        return "frame"
    return "other"


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    report = {"date": datetime.date.today().isoformat(), "command": "./dev duplicate-scan",
              "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                       text=True).stdout.strip()}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        live = scratch_repo(tmp, "live", list(LIVE))
        report["live"], live_rows = scan(live)
        parts = {}
        for schema in LIVE:
            if (ROOT / "functions" / schema).is_dir():
                repo = scratch_repo(tmp, schema, [schema])
                head, rows = scan(repo)
                groups = collections.Counter(group(row, repo) for row in rows)
                parts[f"{schema}~{schema}"] = {**head, "listed": len(rows), "groups": dict(groups),
                                               "other": [row for row in rows if group(row, repo) == "other"]}
        cross_rows = [row for row in live_rows
                      if ROW.match(row)["a"].split("/")[0] != ROW.match(row)["b"].split("/")[0]]
        cross_total = report["live"]["pairs"] - sum(p["pairs"] for p in parts.values())
        parts["across schemas"] = {"pairs": cross_total, "listed": len(cross_rows),
                                   "groups": dict(collections.Counter(group(r, live) for r in cross_rows)),
                                   "other": [r for r in cross_rows if group(r, live) == "other"]}
        report["parts"] = parts
        with_history = scratch_repo(tmp, "functions", ["memory", "memory_store", "memory_archive", "history"])
        report["functions_with_history"], _ = scan(with_history, most=1)
    report["whole_tree"], _ = scan(ROOT, most=1)

    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / f"duplicate-scan-{report['date']}"
    stem.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n")
    md = [f"# Duplicate-code scan, {report['date']} (commit {report['commit']})", "",
          f"Command: `{report['command']}` (bench/duplicate_scan.py; the `duplicates` tool, 6 lines or more).", "",
          "| tree | pairs | files | by shape alone | boilerplate |", "| --- | ---: | ---: | ---: | ---: |"]
    for name, key in (("live (functions/memory, memory_store, memory_archive)", "live"),
                      ("functions/ with history", "functions_with_history"), ("whole tree", "whole_tree")):
        h = report[key]
        md.append(f"| {name} | {h['pairs']} | {h['files']} | {h['shape']} | {h['boilerplate']} |")
    md += ["", f"Pairs that involve functions/history: "
               f"{report['functions_with_history']['pairs'] - report['live']['pairs']}.", "",
           "## The live pairs by group", "",
           "The tool lists at most 200 rows a scan; a group count covers the listed rows.", "",
           "| schemas | pairs | listed | envelope | signature | frame | same shape | other |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, p in parts.items():
        g = p["groups"]
        md.append(f"| {name} | {p['pairs']} | {p['listed']} | {g.get('envelope', 0)} | {g.get('signature', 0)} | "
                  f"{g.get('frame', 0)} | {g.get('same shape', 0)} | {g.get('other', 0)} |")
    md += ["", "## Rows in no group (each has its verdict in docs/layout.md)", ""]
    md += [f"- `{row}`" for p in parts.values() for row in p["other"]] or ["- none"]
    stem.with_suffix(".md").write_text("\n".join(md) + "\n")
    print(f"report: {stem}.md, .json; live pairs: {report['live']['pairs']}")


if __name__ == "__main__":
    main()
