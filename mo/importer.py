"""Client side of the legacy import: read a JSON Lines file or a JSON array
with a real streaming parser, COPY every record into memory_store.import_staging
(a record the reader cannot use is staged too, with its reason), run
memory_store.import_run in batches (each its own transaction) with a progress
bar, then memory_store.import_finish, which proves per file that
records in the file = imported + updated + unchanged + rejected. The mapping
itself is SQL (functions/memory_store/import/); this module only finds the
records and their positions.

- JSON Lines: a line is a record (the line is the boundary, so one bad line
  can never take another with it); it is parsed by orjson, which also reports
  a readable parser error.
- JSON array: ijson (yajl2_c backend) streams the elements; each element is
  serialised again by orjson. A byte that is not UTF-8 or a raw control byte
  (NUL...) is turned into a marker the parser accepts inside a string; the
  element that contains it becomes a reject with the byte offset. Invalid
  JSON that the parser cannot get past (a truncated tail, garbage) becomes
  one reject covering the rest of the file.

Memory stays flat on any file size: one line, or one element, at a time, and
a line over MAX_RECORD_BYTES is skipped in chunks and rejected unread.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from dataclasses import dataclass, field
from typing import IO, Iterator

import ijson
import orjson
import psycopg

CHUNK = 1 << 20                  # bytes fed to the array parser at a time
MAX_RECORD_BYTES = 64 << 20      # one record (a line, an element) of the file; docs/migration.md
EMBEDDING_DIMS = 1536            # memory_store.limits().embedding_dimensions
KEY_FIELDS = {"SessionMemoryAgent": "session_id", "contextual_memory_pc2": "context_id",
              "jarvis_memory_pc2": "user_id"}
SYSTEMS = {"sessionmemoryagent": "SessionMemoryAgent", "session_memory_agent": "SessionMemoryAgent",
           "session": "SessionMemoryAgent", "sma": "SessionMemoryAgent",
           "contextual_memory_pc2": "contextual_memory_pc2", "contextual": "contextual_memory_pc2",
           "context": "contextual_memory_pc2", "jarvis_memory_pc2": "jarvis_memory_pc2",
           "jarvis": "jarvis_memory_pc2"}
BAD_CHARACTER = "22021"          # character_not_in_repertoire: not UTF-8, NUL, control bytes
BAD_JSON = "22P02"               # invalid_text_representation: the parser's error
TOO_BIG = "54000"                # program_limit_exceeded
BOM = b"\xef\xbb\xbf"
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CONTROL_SET = bytes(b for b in range(0x20) if b not in b"\t\n\r")   # the same bytes: translate() finds them 8x faster
_MARK = re.compile("\ufdd0[\U000f0000-\U000f01ff]")
# an escaped backslash, a surrogate pair, or a lone surrogate escape (6 bytes): scanned left to right, the pairs of
# backslashes are consumed first, so a match of 6 bytes starting with \u is a real escape of half a character
_SURROGATE_ESCAPES = re.compile(rb"\\\\|\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
                                rb"|\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONE_SURROGATE = 0x100          # the "byte" of its marker


@dataclass
class Record:
    """One record of the file: its position, and either its JSON text or why it cannot be used."""
    position: int                 # line (JSON Lines) or element number (array), 1-based, unique in the file
    line: int                     # line of the file where it starts (array: where it ends)
    offset: int                   # byte offset of its first byte (array: of the chunk that ended it)
    text: str | None = None       # the JSON text to stage
    key: str | None = None        # the legacy key it names (session_id / context_id / user_id)
    embedding: str | None = None  # a context item's embedding, apart from the text (see _split)
    sqlstate: str | None = None   # set when the reader rejects it
    reason: str | None = None
    excerpt: str | None = None
    file_level: bool = False      # not a record: what the file holds outside every record (after an array)


def _excerpt(data: bytes) -> str:
    return data[:200].decode("utf-8", "backslashreplace").replace("\x00", "\\x00")


def _key(obj, key_field: str | None) -> str | None:
    if key_field and isinstance(obj, dict):
        value = obj.get(key_field)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return str(value)
    return None


def _split(obj, key_field: str | None, text: str | None = None) -> Record:
    """A Record (position fields to fill) of a parsed record. A context item's
    embedding of exactly EMBEDDING_DIMS values travels apart, as the text of a
    JSON array that PostgreSQL casts to a vector directly (a value that is not
    a finite number fails the cast, and the record is rejected with the same
    reason): parsing 1536 numbers as jsonb and printing them again cost the
    import about 0.5 ms a record. Any other embedding stays in the record, for
    the database to check and reject with its reason."""
    embedding = obj.get("embedding") if key_field == "context_id" and isinstance(obj, dict) else None
    if isinstance(embedding, list) and len(embedding) == EMBEDDING_DIMS:     # the cast checks the numbers
        rest = dict(obj)
        del rest["embedding"]
        return Record(0, 0, 0, text=_dumps(rest), key=_key(obj, key_field), embedding=orjson.dumps(embedding).decode())
    return Record(0, 0, 0, text=text if text is not None else _dumps(obj), key=_key(obj, key_field))


def _at(record: Record, position: int, line: int, offset: int) -> Record:
    record.position, record.line, record.offset = position, line, offset
    return record


def _bad_bytes(data: bytes) -> tuple[int, str] | None:
    """(0-based position, reason) of the first byte PostgreSQL text cannot hold, or None."""
    nul = data.find(b"\x00")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        if nul < 0 or e.start < nul:
            return e.start, f"invalid UTF-8 byte 0x{data[e.start]:02x}"
    if nul >= 0:
        return nul, "NUL byte (0x00), which PostgreSQL text cannot hold"
    return None


def iter_json_lines(f: IO[bytes], key_field: str | None = None, first: int = 0) -> Iterator[Record]:
    """Every non-blank line of a binary file, as a Record."""
    number, offset = 0, first
    f.seek(first)
    while True:
        data = f.readline(MAX_RECORD_BYTES + 2)
        if not data:
            return
        number += 1
        start, size = offset, len(data)
        if not data.endswith(b"\n") and size > MAX_RECORD_BYTES:       # skip the rest of an over-long line
            while (more := f.readline(CHUNK)) and (size := size + len(more)) and not more.endswith(b"\n"):
                pass
            offset += size
            yield Record(number, number, start, sqlstate=TOO_BIG, excerpt=_excerpt(data),
                         reason=f"the record is more than {MAX_RECORD_BYTES:,} bytes (the import limit per record)")
            continue
        offset += size
        if number == 1 and data.startswith(BOM):
            data, start = data[3:], start + 3
        body = data.strip(b" \t\r\n")
        if not body:
            continue
        start += len(data) - len(data.lstrip(b" \t\r\n"))
        bad = _bad_bytes(body)
        if bad:
            yield Record(number, number, start, sqlstate=BAD_CHARACTER, excerpt=_excerpt(body),
                         reason=f"{bad[1]} at column {bad[0] + 1} (byte offset {start + bad[0]})")
            continue
        text = body.decode("utf-8")
        try:
            obj = orjson.loads(body)
        except orjson.JSONDecodeError as e:
            yield Record(number, number, start, sqlstate=BAD_JSON, excerpt=text[:200],
                         reason=f"invalid JSON: {e.msg} at column {e.colno}")
            continue
        yield _at(_split(obj, key_field, text), number, number, start)


class _Reader:
    """What ijson reads an array from: the file line by line (ijson yields the
    elements a line completes before it asks for the next line, so the line
    and offset of that line are where an element ends). A byte that is not
    UTF-8, and each raw control byte, is turned into a marker (_marker) the
    parser accepts inside a string, and its exact byte offset in the file is
    kept (pending) until the element that holds it is found. Lines that are
    clean UTF-8 (nearly all) pass through untouched."""

    current: "_Reader | None" = None

    def __init__(self, f: IO[bytes], offset: int, line: int, prefix: bytes = b""):
        self.f = f
        self.prefix = prefix                      # b"[" when the parser restarts inside the array
        self.offset = self.end = offset           # offset of the line read last, and of the next one
        self.line = line                          # line number of the line read last
        self.data = b""                           # the line read last
        self.eof = False
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="mo-import-mark")
        self.base = 0                             # file offset of the decoder's buffer
        self.pending: list[tuple[int, str]] = []  # (byte offset, reason) of markers not yet found in an element

    def read(self, size: int = -1) -> bytes:
        if size == 0:                             # ijson's probe for bytes or text
            return b""
        if self.prefix:
            prefix, self.prefix = self.prefix, b""
            return prefix
        self.line += self.data.endswith(b"\n")
        self.offset = self.end
        self.data = self.f.readline(CHUNK)
        self.end += len(self.data)
        if not self.data:
            self.eof = True
            return self._decode(b"", self.offset, final=True).encode("utf-8")
        surrogates = b"\\ud" in self.data or b"\\uD" in self.data
        if not surrogates and not self.decoder.getstate()[0] \
                and len(self.data.translate(None, _CONTROL_SET)) == len(self.data):
            try:
                self.data.decode("utf-8")
                return self.data
            except UnicodeDecodeError:
                pass
        bad = [(m.start(), m.end(), self.data[m.start()]) for m in _CONTROL_BYTES.finditer(self.data)]
        if surrogates:       # yajl turns a lone surrogate escape into "?" without a word: mark it instead
            bad = sorted(bad + [(m.start(), m.end(), _LONE_SURROGATE) for m in _SURROGATE_ESCAPES.finditer(self.data)
                                if m.group().startswith(b"\\u") and len(m.group()) == 6])
        out, at = [], 0
        for start, end, byte in bad:
            out.append(self._decode(self.data[at:start], self.offset + at, final=True))
            self.pending.append((self.offset + start,
                                 f"lone UTF-16 surrogate escape {self.data[start:end].decode()} (half of a character)"
                                 if byte == _LONE_SURROGATE else f"raw control byte 0x{byte:02x}"
                                 + (" (NUL, which PostgreSQL text cannot hold)" if byte == 0 else "")))
            out.append(_marker(byte))
            at = end
        out.append(self._decode(self.data[at:], self.offset + at, final=False))
        return "".join(out).encode("utf-8")

    def _decode(self, data: bytes, offset: int, final: bool) -> str:
        _Reader.current = self
        self.base = offset - len(self.decoder.getstate()[0])
        return self.decoder.decode(data, final)


def _mark_invalid(error: UnicodeDecodeError):
    state = _Reader.current
    bad = error.object[error.start:error.end]
    for i, b in enumerate(bad):
        state.pending.append((state.base + error.start + i, f"invalid UTF-8 byte 0x{b:02x}"))
    return "".join(_marker(b) for b in bad), error.end


def _marker(byte: int) -> str:
    """What a byte PostgreSQL text cannot take becomes while parsing: the
    noncharacter U+FDD0 then a private-use character naming the byte (never a
    legitimate pair in an export)."""
    return "\ufdd0" + chr(0xF0000 + byte)


codecs.register_error("mo-import-mark", _mark_invalid)


def _marked_strings(obj) -> int:
    """How many markers the strings (keys and values) of OBJ hold."""
    if isinstance(obj, str):
        return len(_MARK.findall(obj))
    if isinstance(obj, dict):
        return sum(_marked_strings(k) + _marked_strings(v) for k, v in obj.items())
    if isinstance(obj, list):
        return sum(_marked_strings(v) for v in obj if isinstance(v, (str, dict, list)))
    return 0


def _dumps(obj) -> str:
    try:
        return orjson.dumps(obj).decode()
    except (TypeError, orjson.JSONEncodeError):       # e.g. an integer beyond 64 bits
        return json.dumps(obj, ensure_ascii=False)


def _bad_byte_reason(where: int, reason: str, count: int) -> str:
    return f"{reason} at byte offset {where}" + (f" ({count} such bytes)" if count > 1 else "")


def _element_indent(f: IO[bytes], first: int) -> bytes:
    """The blanks before the elements of the array on their lines: those
    after the line break that follows the opening bracket (a pretty-printed
    array: its elements' nested objects are indented deeper), or none when
    the first element starts on the bracket's line (one element per line)."""
    f.seek(first)
    head = f.read(1 << 16)
    after = head[head.find(b"[") + 1:]
    blanks = after[:len(after) - len(after.lstrip(b" \t\r\n"))]
    return blanks[blanks.rfind(b"\n") + 1:] if b"\n" in blanks else b""


def _starts_element(line: bytes, indent: bytes) -> bool:
    """Whether LINE opens an element of the array: "{" (after a comma) at the
    elements' own indentation, never a nested object indented deeper."""
    if not line.startswith(indent) or line[len(indent):len(indent) + 1] in (b" ", b"\t"):
        return False
    rest = line[len(indent):]
    return rest.startswith(b"{") or rest.lstrip(b", \t").startswith(b"{") and rest.startswith(b",")


def iter_json_array(f: IO[bytes], key_field: str | None = None, first: int = 0) -> Iterator[Record]:
    """Every element of the top-level JSON array of a binary file, streamed by
    ijson (its C backend, yajl2_c, reading whole lines through _Reader).
    Where the parser stops on invalid JSON, that element becomes a reject
    (named by the first bad byte in it, when it holds one: a bad byte outside
    a string or right after a backslash is what stopped the parser) and
    reading resumes at the next line that starts an element ("{" after blanks
    and a comma) with a fresh parser; the lines skipped belong to that
    reject. The end of the file inside an element is a truncated tail. Bytes
    after the closing bracket are no element: a Record with file_level set."""
    position = 0
    indent = _element_indent(f, first)
    reader = _Reader(f, first, 1)
    f.seek(first)
    while True:
        try:
            for obj in ijson.items(reader, "item", use_float=True):
                position += 1
                marks = _marked_strings(obj) if reader.pending else 0
                if marks:
                    found, reader.pending[:] = reader.pending[:marks], reader.pending[marks:]
                    yield Record(position, reader.line, reader.offset, sqlstate=BAD_CHARACTER, key=_key(obj, key_field),
                                 excerpt=_MARK.sub("\ufffd", _dumps(obj))[:200],
                                 reason=_bad_byte_reason(*found[0], marks))
                elif len((record := _split(obj, key_field)).text) + len(record.embedding or "") > MAX_RECORD_BYTES:
                    yield Record(position, reader.line, reader.offset, sqlstate=TOO_BIG, excerpt=record.text[:200],
                                 reason=f"the record is more than {MAX_RECORD_BYTES:,} bytes (the import limit per record)")
                else:
                    yield _at(record, position, reader.line, reader.offset)
            return
        except (ijson.JSONError, ValueError) as e:     # UnicodeDecodeError is a ValueError
            message = str(e).splitlines()[0] if str(e) else type(e).__name__
            bad_line, bad_offset, data = reader.line, reader.offset, reader.data
            if "trailing garbage" in message:
                size = os.fstat(f.fileno()).st_size - bad_offset
                yield Record(position, bad_line, bad_offset, sqlstate=BAD_JSON, excerpt=_excerpt(data), file_level=True,
                             reason=f"the file goes on after the closing bracket of the array: line {bad_line} (byte "
                                    f"offset {bad_offset}, {size:,} bytes to the end of the file) is not part of any "
                                    f"of its {position} elements")
                return
            bad = (_bad_byte_reason(*reader.pending[0], len(reader.pending)) + "; the parser stops there: "
                   if reader.pending else "")
            if reader.eof:
                yield Record(position + 1, bad_line, bad_offset, sqlstate=BAD_CHARACTER if bad else BAD_JSON, excerpt="",
                             reason=f"{bad}the file ends inside element {position + 1} (truncated): {message}")
                return
            line, offset = bad_line + data.endswith(b"\n"), reader.end
            f.seek(offset)
            while data := f.readline(CHUNK):           # the next line that starts an element
                if _starts_element(data, indent):
                    break
                line += data.endswith(b"\n")
                offset += len(data)
            skipped = f" to line {line - 1}" if line - 1 > bad_line else ""
            position += 1
            yield Record(position, bad_line, bad_offset, sqlstate=BAD_CHARACTER if bad else BAD_JSON,
                         excerpt=_excerpt(reader.data),
                         reason=f"{bad}invalid JSON in line {bad_line}{skipped} (element {position}): {message}"
                                + ("; reading resumes at the next element" if data else ""))
            if not data:
                return
            skip = len(data) - len(data.lstrip(b" \t,"))     # the element's indentation and a leading comma
            f.seek(offset + skip)
            reader = _Reader(f, offset + skip, line, prefix=b"[")


def sniff(f: IO[bytes]) -> tuple[str, int]:
    """('array' or 'jsonl', offset of the first byte after a BOM)."""
    head = f.read(4096)
    first = 3 if head.startswith(BOM) else 0
    while head:
        stripped = head.lstrip(BOM + b" \t\r\n") if head is not None else b""
        if stripped:
            return ("array" if stripped[:1] == b"[" else "jsonl"), first
        head = f.read(4096)
    return "jsonl", first


class NotUtf8(ValueError):
    """The whole file is in another encoding of Unicode: no record of it can be read as it is."""


_WIDE = [(b"\x00\x00\xfe\xff", "UTF-32 BE", "byte order mark 00 00 FE FF"),
         (b"\xff\xfe\x00\x00", "UTF-32 LE", "byte order mark FF FE 00 00"),
         (b"\xfe\xff", "UTF-16 BE", "byte order mark FE FF"), (b"\xff\xfe", "UTF-16 LE", "byte order mark FF FE")]


def check_encoding(path: str) -> None:
    """Refuse, before anything is staged, a file in UTF-16 or UTF-32 (by its
    byte order mark, or by the NUL bytes every ASCII character of it carries:
    RFC 8259 section 8.1): its bytes would make every line a reject for bad
    bytes, which says nothing useful. Raises NotUtf8 with how to convert it."""
    with open(path, "rb") as f:
        head = f.read(4)
    found = next(((name, why) for mark, name, why in _WIDE if head.startswith(mark)), None)
    iconv = found[0][:6] if found else ""                  # iconv reads the mark itself
    if not found and len(head) >= 2 and (head[0], head[1]).count(0) == 1 and max(head[:2]) in b"[{ \t\r\n":
        found = ("UTF-16 BE" if head[0] == 0 else "UTF-16 LE", "a NUL byte beside each of its first characters")
        iconv = found[0].replace(" ", "")
    if found:
        raise NotUtf8(f"{os.path.basename(path)} is {found[0]} ({found[1]}), not UTF-8: JSON exports are UTF-8; "
                      f"convert it first (iconv -f {iconv} -t UTF-8 {os.path.basename(path)} > "
                      f"{os.path.basename(path)}.utf8); nothing was imported")


def iter_records(path: str, system: str | None = None) -> Iterator[Record]:
    """Every record of a JSON Lines file or of a file holding one JSON array, streamed."""
    key_field = KEY_FIELDS.get(SYSTEMS.get((system or "").lower(), system or ""))
    check_encoding(path)
    with open(path, "rb") as f:
        fmt, first = sniff(f)
        yield from (iter_json_array if fmt == "array" else iter_json_lines)(f, key_field, first)


def file_format(path: str) -> str:
    with open(path, "rb") as f:
        return sniff(f)[0]


@dataclass
class Result:
    run_id: int
    file_format: str = "jsonl"
    file_records: int = 0
    staged: int = 0
    imported: int = 0
    updated: int = 0
    skipped: int = 0              # unchanged, including superseded
    superseded: int = 0           # earlier records of a key that a later record of the file replaces
    rejected: int = 0
    status: str = ""
    index_deferred: bool = False
    file_reject: str | None = None   # what the file holds outside every record (memory_store.import_file_reject)
    rejects: list[tuple] = field(default_factory=list)   # position, part, sqlstate, reason, line
    reconciliation: list[tuple] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in ("ok", "rejects")


def import_file(conninfo: str, system: str, path: str, batch: int = 500, progress: bool = True,
                keep_staging: bool = False, timings: dict | None = None, defer_index_min: int | None = None,
                online_index: bool = False) -> Result:
    """Stage PATH, import it as SYSTEM, reconcile; return the result. TIMINGS,
    when given, receives the seconds of each phase. DEFER_INDEX_MIN replaces
    the number of embeddings from which the load defers the vector index
    (memory_store.import_prepare). ONLINE_INDEX rebuilds a deferred index
    with CREATE INDEX CONCURRENTLY (build_online) instead of CREATE INDEX,
    which blocks writes to vector_embeddings while it runs. Whatever the file
    holds, the run ends with finished_at and a status (import_runs)."""
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
        if defer_index_min is not None:
            conn.execute("SELECT set_config('memory_store.import_defer_min', %s, false)", (str(int(defer_index_min)),))
        run_id = conn.execute("SELECT memory_store.import_begin(%s, %s)", (system, os.path.basename(path))).fetchone()[0]
        canonical = conn.execute("SELECT source_system FROM memory_store.import_runs WHERE run_id = %s",
                                 (run_id,)).fetchone()[0]
        result = Result(run_id, file_format(path))
        file_reject = None
        try:
            with tqdm(total=size, unit="B", unit_scale=True, desc="staging", disable=not progress) as bar, \
                    conn.transaction(), \
                    conn.cursor().copy("COPY memory_store.import_staging (run_id, line_number, file_line, byte_offset, "
                                       "raw, embedding, record_key, error_sqlstate, error_reason) FROM STDIN") as copy:
                for r in iter_records(path, canonical):
                    if r.file_level:
                        file_reject = r
                        continue
                    copy.write_row((run_id, r.position, r.line, r.offset, r.text if r.text is not None else r.excerpt or "",
                                    r.embedding, r.key, r.sqlstate, r.reason))
                    result.file_records += 1
                    if r.offset - bar.n >= 1 << 22:
                        bar.update(r.offset - bar.n)
                bar.update(max(0, size - bar.n))
            result.staged = result.file_records
            if file_reject:
                conn.execute("SELECT memory_store.import_file_reject(%s, %s, %s, %s)",
                             (run_id, file_reject.sqlstate, file_reject.reason, file_reject.excerpt))
                result.file_reject = file_reject.reason
            lap("stage")

            result.index_deferred = conn.execute("SELECT memory_store.import_prepare(%s)", (run_id,)).fetchone()[0]
            lap("prepare")
            with tqdm(total=result.staged, unit="rec", desc="importing", disable=not progress) as bar:
                while True:
                    processed, imported, updated, skipped, rejected, remaining = conn.execute(
                        "SELECT * FROM memory_store.import_run(%s, %s)", (run_id, batch)).fetchone()
                    bar.update(processed)
                    if remaining == 0 or processed == 0:
                        break
            lap("import")
            if result.index_deferred:
                if online_index:
                    build_online(conn)
                conn.execute("SELECT memory_store.import_restore_indexes()")
                lap("index")
            result.reconciliation = conn.execute(
                "SELECT item, source_count, target_count, rejected_count, mismatch "
                "FROM memory_store.import_finish(%s, %s, %s)", (run_id, result.file_records, result.file_format)).fetchall()
            lap("finish")
        except BaseException as e:
            conn.execute("SELECT memory_store.import_fail(%s, %s)", (run_id, f"{type(e).__name__}: {e}"[:500]))
            raise
        (result.imported, result.updated, result.skipped, result.superseded, result.rejected, result.status) = \
            conn.execute("SELECT imported, updated, skipped, superseded, rejected, status FROM memory_store.import_runs "
                         "WHERE run_id = %s", (run_id,)).fetchone()
        result.rejects = conn.execute(
            "SELECT r.line_number, r.part, r.sqlstate, r.reason, s.file_line FROM memory_store.import_rejects r "
            "LEFT JOIN memory_store.import_staging s USING (run_id, line_number) WHERE r.run_id = %s "
            "ORDER BY r.line_number, r.part", (run_id,)).fetchall()
        if not keep_staging:
            conn.execute("SELECT memory_store.import_purge(%s)", (run_id,))
            lap("purge")
    return result


def build_online(conn: psycopg.Connection) -> None:
    """Build every deferred vector index (memory_store.import_deferred_indexes)
    with CREATE INDEX CONCURRENTLY, which lets writes to vector_embeddings go
    on while it runs (CREATE INDEX makes them wait for the whole build), with
    its comment; memory_store.import_restore_indexes then finds it built and
    clears the bookkeeping. CONCURRENTLY cannot run inside a function or a
    transaction, hence here, on the autocommit connection, as the table's
    owner. A build that fails leaves an invalid index: it is dropped, and the
    plain rebuild takes over."""
    from psycopg import sql

    for name, definition, description in conn.execute(
            "SELECT index_name, definition, description FROM memory_store.import_deferred_indexes "
            "WHERE to_regclass(index_name) IS NULL ORDER BY index_name").fetchall():
        try:
            conn.execute(re.sub(r"^CREATE INDEX ", "CREATE INDEX CONCURRENTLY ", definition))
            if description is not None:
                conn.execute(sql.SQL("COMMENT ON INDEX {} IS {}").format(sql.SQL(name), sql.Literal(description)))
        except psycopg.Error:
            conn.execute(sql.SQL("DROP INDEX IF EXISTS {}").format(sql.SQL(name)))
            raise


def report(result: Result, system: str) -> str:
    """The text the import task prints; its last line says whether the file is accounted for."""
    unit = "element" if result.file_format == "array" else "line"
    out = [f"run {result.run_id}: {result.file_records} records in the file ({result.file_format}), "
           f"{result.staged} staged" + (" (the vector index was rebuilt after the load)" if result.index_deferred else ""),
           f"imported: {result.imported}  updated: {result.updated}  unchanged: {result.skipped}"
           f" (of which superseded by a later record of the same key: {result.superseded})"
           f"  rejected: {result.rejected}"]
    for position, part, sqlstate, reason, line in result.rejects:
        if position == 0 and part == "file":
            out.append(f"  rejected the file itself: {reason} [{sqlstate}]")
            continue
        where = f"{unit} {position}" + (f" (line {line})" if unit == "element" and line else "")
        out.append(f"  rejected {where}{' ' + part if part else ''}: {reason} [{sqlstate}]")
    if result.reconciliation:
        out.append(f"reconciliation ({system}):")
        out.append(f"  {'item':<16}{'source':>10}{'target':>10}{'rejected':>10}  mismatch")
        for item, source, target, rejected, mismatch in result.reconciliation:
            out.append(f"  {item:<16}{source:>10}{target:>10}{rejected:>10}  {'MISMATCH' if mismatch else 'ok'}")
    total = result.imported + result.updated + result.skipped + result.rejected
    if result.ok:
        if result.file_reject:
            out.append(f"FILE REJECTED: {result.file_reject}")
        out.append(f"OK: {result.file_records} records in the file = {result.imported} imported + {result.updated} "
                   f"updated + {result.skipped} unchanged + {result.rejected} rejected")
    else:
        out.append(f"MISMATCH: {result.file_records} records in the file, but {total} accounted for "
                   f"({result.imported} imported + {result.updated} updated + {result.skipped} unchanged + "
                   f"{result.rejected} rejected); run status {result.status}")
    return "\n".join(out)
