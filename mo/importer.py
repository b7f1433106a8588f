"""Client side of the legacy import: stream a JSON Lines file or a JSON array
into memory_store.import_staging with COPY, run memory_store.import_run in
batches (each its own transaction) with a progress bar, then report counts,
rejects and the reconciliation. The mapping itself is SQL
(functions/memory_store/import_*.v1.sql); nothing here parses a record.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import IO, Iterator

import psycopg

CHUNK = 1 << 20  # bytes read at a time
_ARRAY_TOKENS = re.compile(r'[\[\]{}",\n\\]')


def _open(path: str) -> IO[str]:
    return open(path, encoding="utf-8", newline="")


def _first_char(path: str) -> str:
    with _open(path) as f:
        while chunk := f.read(4096):
            stripped = chunk.lstrip("\ufeff \t\r\n")
            if stripped:
                return stripped[0]
    return ""


def iter_json_lines(f: IO[str]) -> Iterator[tuple[int, str]]:
    """(line number, text) of every non-blank line."""
    for number, line in enumerate(f, start=1):
        text = line.strip()
        if text:
            yield number, text.lstrip("\ufeff")


def iter_json_array(f: IO[str]) -> Iterator[tuple[int, str]]:
    """(line number where the element starts, element text) of each element of
    a top-level JSON array, read in chunks: only brackets, braces, quotes,
    commas, newlines and backslashes are looked at (by a regex), so numbers and
    string bodies are skipped in C. Elements are not parsed here: a malformed
    element is passed on as it is and rejected by the database with its line."""
    depth = 0              # nesting depth; 1 = inside the top-level array
    in_string = escaped = began = ended = False
    line = 1               # current line
    begin_line = 1         # line where the current element's text begins (before leading blanks)
    parts: list[str] = []  # pieces of the current element

    def element():
        text = "".join(parts)
        body = text.lstrip()
        return begin_line + text[: len(text) - len(body)].count("\n"), body.rstrip()

    while chunk := f.read(CHUNK):
        if not began:
            stripped = chunk.lstrip("\ufeff \t\r\n")
            line += chunk[: len(chunk) - len(stripped)].count("\n")
            if not stripped:
                continue
            if stripped[0] != "[":
                raise ValueError("not a JSON array")
            chunk, depth, began, begin_line = stripped[1:], 1, True, line
        pos = 0            # start of the part of chunk not yet copied into parts
        for m in _ARRAY_TOKENS.finditer(chunk):
            ch = m.group()
            if ch == "\n":
                line += 1
            if escaped:
                escaped = False
            elif in_string:
                if ch == "\\":
                    escaped = True
                elif ch == '"':
                    in_string = False
            elif ch == '"':
                in_string = True
            elif ch in "[{":
                depth += 1
            elif ch in "]}":
                depth -= 1
                if depth == 0:     # the end of the top-level array
                    parts.append(chunk[pos:m.start()])
                    ended = True
                    break
            elif ch == "," and depth == 1:
                parts.append(chunk[pos:m.start()])
                pos = m.end()
                number, text = element()
                if text:
                    yield number, text
                parts, begin_line = [], line
        if ended:
            break
        parts.append(chunk[pos:])
    if not began:
        return
    if not ended:
        raise ValueError("JSON array is not closed: the file is truncated")
    number, text = element()
    if text:
        yield number, text


def iter_records(path: str) -> Iterator[tuple[int, str]]:
    """(line number, JSON text) of each record of a JSON Lines file or of a file
    holding one JSON array, streamed."""
    with _open(path) as f:
        if _first_char(path) == "[":
            yield from iter_json_array(f)
        else:
            yield from iter_json_lines(f)


@dataclass
class Result:
    run_id: int
    staged: int = 0
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: int = 0
    rejects: list[tuple[int, str, str]] = field(default_factory=list)       # line, sqlstate, reason
    reconciliation: list[tuple] = field(default_factory=list)


def import_file(conninfo: str, system: str, path: str, batch: int = 500, progress: bool = True,
                keep_staging: bool = False, timings: dict | None = None) -> Result:
    """Stage PATH, import it as SYSTEM, reconcile; return the result. TIMINGS,
    when given, receives the seconds of each phase."""
    import time

    from tqdm import tqdm

    timings = {} if timings is None else timings
    clock = time.perf_counter()

    def lap(phase):
        nonlocal clock
        now = time.perf_counter()
        timings[phase] = now - clock
        clock = now

    size = os.path.getsize(path)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        run_id = conn.execute("SELECT memory_store.import_begin(%s, %s)", (system, os.path.basename(path))).fetchone()[0]
        result = Result(run_id)
        with tqdm(total=size, unit="B", unit_scale=True, desc="staging", disable=not progress) as bar, \
                conn.transaction(), \
                conn.cursor().copy("COPY memory_store.import_staging (run_id, line_number, raw) FROM STDIN") as copy:
            done = 0
            for line, text in iter_records(path):
                copy.write_row((run_id, line, text))
                result.staged += 1
                done += len(text) + 1
                if done >= 1 << 22:
                    bar.update(min(done, size - bar.n))
                    done = 0
            bar.update(max(0, size - bar.n))
        lap("stage")

        with tqdm(total=result.staged, unit="rec", desc="importing", disable=not progress) as bar:
            while True:
                processed, imported, updated, skipped, rejected, remaining = conn.execute(
                    "SELECT * FROM memory_store.import_run(%s, %s)", (run_id, batch)).fetchone()
                result.imported += imported
                result.updated += updated
                result.skipped += skipped
                result.rejected += rejected
                bar.update(processed)
                if remaining == 0 or processed == 0:
                    break
        lap("import")

        result.rejects = conn.execute(
            "SELECT line_number, sqlstate, reason FROM memory_store.import_rejects WHERE run_id = %s ORDER BY line_number",
            (run_id,)).fetchall()
        if result.staged:
            result.reconciliation = conn.execute(
                "SELECT item, source_count, target_count, rejected_count, mismatch FROM memory_store.reconcile(%s)",
                (run_id,)).fetchall()
            lap("reconcile")
            if not keep_staging:
                conn.execute("SELECT memory_store.import_purge(%s)", (run_id,))
                lap("purge")
    return result


def report(result: Result, system: str) -> str:
    """The text the import task prints."""
    out = [f"run {result.run_id}: {result.staged} records staged",
           f"imported: {result.imported}  updated: {result.updated}  "
           f"skipped as duplicates: {result.skipped}  rejected: {result.rejected}"]
    for line, sqlstate, reason in result.rejects:
        out.append(f"  rejected line {line}: {reason} [{sqlstate}]")
    if result.reconciliation:
        out.append(f"reconciliation ({system}):")
        out.append(f"  {'item':<16}{'source':>10}{'target':>10}{'rejected':>10}  mismatch")
        for item, source, target, rejected, mismatch in result.reconciliation:
            out.append(f"  {item:<16}{source:>10}{target:>10}{rejected:>10}  {'MISMATCH' if mismatch else 'ok'}")
    return "\n".join(out)
