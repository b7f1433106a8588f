"""Realistic sample exports of the three legacy memory systems
(../shared/spec/legacy-formats.md), from a handful to a million records,
streamed to a file with a fixed seed, messy the way real exports are:
zone-less ISO, offsets, epoch ints and floats, unknown extra fields, sessions
no other export mentions, entity knowledge as a map and as a list, null and
absent embeddings; and, every `bad_every` records, one malformed record in
rotation (bad JSON line, wrong types, a 1535-long vector, a missing key field).

    python -m mo.legacy_samples --system contextual --count 1000 --out ctx.jsonl [--format array]

`generate()` returns a Manifest: what the file holds, for tests to compare with.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Iterator

import numpy as np

SYSTEMS = ("session", "contextual", "jarvis")
DIMS = 1536
BASE = datetime(2024, 3, 1, 9, 0, tzinfo=timezone.utc)
BAD_KINDS = {
    "session": ("bad_json", "wrong_type", "missing_key"),
    "contextual": ("bad_json", "wrong_type", "short_vector", "missing_key"),
    "jarvis": ("bad_json", "wrong_type", "missing_key"),
}
WORDS = ("weather leeds rain jazz timer coffee train london music metric calm kitchen reminder "
         "dentist tuesday sam birthday holiday lights heating news podcast recipe pasta garden").split()


@dataclass
class Manifest:
    system: str
    records: int = 0                       # records written (good + malformed)
    bad: list[tuple[int, str]] = field(default_factory=list)   # (line, kind) of each malformed record
    counts: dict[str, int] = field(default_factory=dict)       # what the good records hold


def _stamp(t: datetime, style: int):
    """One instant in one of the legacy timestamp styles."""
    style %= 5
    if style == 0:
        return t.strftime("%Y-%m-%dT%H:%M:%SZ")
    if style == 1:
        return t.strftime("%Y-%m-%dT%H:%M:%S")                      # no zone: UTC
    if style == 2:
        return t.astimezone(timezone(timedelta(hours=1))).isoformat()   # +01:00
    if style == 3:
        return int(t.timestamp())                                   # epoch int
    return round(t.timestamp(), 2) + 0.25                           # epoch float


def _sentence(rng: random.Random, n: int = 6) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


class _Embeddings:
    """Unit-length float vectors in batches (numpy), rounded to 6 decimals."""

    def __init__(self, seed: int, dims: int = DIMS):
        self.rng = np.random.default_rng(seed)
        self.dims = dims
        self.buffer: list[list[float]] = []

    def next(self) -> list[float]:
        if not self.buffer:
            block = self.rng.standard_normal((256, self.dims))
            block /= np.linalg.norm(block, axis=1, keepdims=True)
            self.buffer = np.round(block, 6).tolist()      # float64: short reprs like 0.012345
        return self.buffer.pop()


def _session_record(i: int, rng: random.Random, m: Manifest) -> dict:
    start = BASE + timedelta(minutes=37 * i)
    turns = []
    for k in range(rng.randint(1, 6)):
        turn = {"role": "user" if k % 2 == 0 else "assistant", "content": _sentence(rng),
                "timestamp": _stamp(start + timedelta(seconds=5 * k + 5), i + k)}
        if k % 3 == 1:
            turn["metadata"] = {"intent": rng.choice(["weather_query", "music", "timer"])}
        turns.append(turn)
    rec = {"session_id": f"s-{i:05d}", "created_at": _stamp(start, i),
           "last_interaction": _stamp(start + timedelta(minutes=5), i + 3),
           "session_data": {"device": rng.choice(["kitchen-speaker", "car", "phone"]), "locale": "en-GB"},
           "conversation_history": turns}
    if i % 4 != 3:
        rec["user_id"] = f"u-{i % 50:03d}"
    if i % 2 == 0:
        rec["session_summary"] = _sentence(rng, 4)
    if i % 3 == 0:
        rec["legacy_version"] = "2.3"                      # unknown field -> metadata.legacy_extra
    c = m.counts
    c["sessions"] = c.get("sessions", 0) + 1
    c["turns"] = c.get("turns", 0) + len(turns)
    c["tags"] = c.get("tags", 0) + len(turns)
    return rec


def _contextual_record(i: int, rng: random.Random, m: Manifest, emb: _Embeddings, n: int,
                       all_embeddings: bool = False) -> dict:
    created = BASE + timedelta(minutes=11 * i)
    session = f"orphan-{i:05d}" if i % 13 == 5 else f"s-{i % max(1, n // 4):05d}"
    tags = rng.sample(["preference", "units", "music", "travel", "health", "home"], rng.randint(0, 3))
    rec = {"context_id": f"ctx-{i:06x}", "session_id": session,
           "context_data": ({"text": _sentence(rng), "topic": rng.choice(WORDS)} if i % 10 != 9
                            else _sentence(rng)),
           "created_at": _stamp(created, i), "expires_at": None if i % 6 else _stamp(created + timedelta(days=30), 0),
           "source_agent": "contextual_memory", "tags": tags}
    c = m.counts
    if i % 7 == 3 and not all_embeddings:
        rec["embedding"] = None
    elif i % 11 == 4 and not all_embeddings:
        pass                                               # absent
    else:
        rec["embedding"] = emb.next()
        if i % 5 == 2:
            rec["embedding_model"] = "text-embedding-3-small"
        c["embeddings"] = c.get("embeddings", 0) + 1
    if i % 3 == 1:
        rec["confidence"] = 0.8                            # unknown field -> content.legacy_extra
    c["context items"] = c.get("context items", 0) + 1
    c["tags"] = c.get("tags", 0) + len(tags)
    m.__dict__.setdefault("_sessions", set()).add(session)
    c["sessions"] = len(m.__dict__["_sessions"])
    return rec


def _jarvis_record(i: int, rng: random.Random, m: Manifest) -> dict:
    names = rng.sample(["Leeds", "Sam", "Jazz FM", "Dentist", "Mum", "Tesco", "Office"], rng.randint(0, 3))
    facts = {name: {"type": rng.choice(["city", "person", "station", "place"]), "facts": [_sentence(rng, 3)]}
             for name in names}
    knowledge = facts if i % 2 == 0 else [{"entity": k, **v} for k, v in facts.items()]
    interactions = [{"timestamp": _stamp(BASE + timedelta(hours=i, minutes=k), 3 + (k % 2)),
                     "query": _sentence(rng, 3), "response": _sentence(rng, 4)}
                    for k in range(rng.randint(0, 4))]
    skills = {s: {"volume": rng.randint(1, 10)} if s == "music_player" else {"active": []}
              for s in rng.sample(["music_player", "timer", "weather", "shopping_list"], rng.randint(0, 3))}
    rec = {"user_id": f"u-{i:05d}", "preferences": {"units": rng.choice(["metric", "imperial"]), "voice": "calm"},
           "entity_knowledge": knowledge, "interaction_history": interactions, "skill_states": skills}
    if i % 3 != 2:
        rec["profile"] = {"name": rng.choice(["Sam", "Alex", "Jo"])}
    if i % 4 == 1:
        rec["household"] = "h-7"                           # unknown field -> profile_data.legacy_extra
    c = m.counts
    c["users"] = c.get("users", 0) + 1
    c["entities"] = c.get("entities", 0) + len(names)
    c["interactions"] = c.get("interactions", 0) + len(interactions)
    c["skills"] = c.get("skills", 0) + len(skills)
    return rec


def _malformed(system: str, kind: str, i: int, rng: random.Random, emb: _Embeddings, balanced: bool) -> str:
    if system == "session":
        rec = {"session_id": f"bad-{i:05d}", "created_at": _stamp(BASE, 0),
               "conversation_history": [{"role": "user", "content": "hi", "timestamp": _stamp(BASE, 0)}]}
        if kind == "wrong_type":
            rec["conversation_history"] = "hello there"
        elif kind == "missing_key":
            del rec["session_id"]
    elif system == "contextual":
        rec = {"context_id": f"bad-{i:06x}", "session_id": f"bad-session-{i:05d}",
               "context_data": {"text": "bad"}, "created_at": _stamp(BASE, 0), "tags": ["x"],
               "embedding": emb.next()}
        if kind == "wrong_type":
            rec["tags"] = "preference"
        elif kind == "short_vector":
            rec["embedding"] = rec["embedding"][:DIMS - 1]
        elif kind == "missing_key":
            del rec["context_id"]
    else:
        rec = {"user_id": f"bad-{i:05d}", "preferences": {"units": "metric"},
               "interaction_history": [{"timestamp": 1709280000, "query": "q", "response": "r"}],
               "skill_states": {"timer": {"active": []}}}
        if kind == "wrong_type":
            rec["skill_states"] = ["timer"]
        elif kind == "missing_key":
            del rec["user_id"]
    text = json.dumps(rec)
    if kind != "bad_json":
        return text
    # JSON Lines: a record cut off mid-write. Inside a JSON array a cut would
    # unbalance the whole file, so there the record loses a colon instead.
    return text.replace('": ', '" ', 1) if balanced else text[: len(text) // 2]


def records(system: str, count: int, seed: int = 42, bad_every: int = 0,
            manifest: Manifest | None = None, all_embeddings: bool = False,
            balanced_bad_json: bool = False) -> Iterator[str]:
    """COUNT good records of SYSTEM as JSON texts, with one malformed record
    after every BAD_EVERY good ones (0 = none), kinds in rotation;
    ALL_EMBEDDINGS: every context item has one (else about 1 in 5 has none)."""
    if system not in SYSTEMS:
        raise ValueError(f"system must be one of {SYSTEMS}")
    m = manifest or Manifest(system)
    rng = random.Random(seed)
    emb = _Embeddings(seed)
    kinds = BAD_KINDS[system]
    bad_written = 0
    for i in range(count):
        if system == "session":
            rec = _session_record(i, rng, m)
        elif system == "contextual":
            rec = _contextual_record(i, rng, m, emb, count, all_embeddings)
        else:
            rec = _jarvis_record(i, rng, m)
        m.records += 1
        yield json.dumps(rec)
        if bad_every and (i + 1) % bad_every == 0:
            kind = kinds[bad_written % len(kinds)]
            bad_written += 1
            m.records += 1
            m.bad.append((m.records, kind))            # record number, = line in JSON Lines
            yield _malformed(system, kind, i, rng, emb, balanced_bad_json)
    m.__dict__.pop("_sessions", None)


def generate(path: str, system: str, count: int, seed: int = 42, bad_every: int = 0,
             fmt: str = "jsonl", all_embeddings: bool = False) -> Manifest:
    """Write the sample file (JSON Lines, or a JSON array with one record per
    line after the opening bracket) and return its manifest; `bad` holds the
    file line of each malformed record."""
    m = Manifest(system)
    offset = 1 if fmt == "array" else 0
    with open(path, "w", encoding="utf-8") as f:
        if fmt == "array":
            f.write("[\n")
        first = True
        for text in records(system, count, seed, bad_every, m, all_embeddings, balanced_bad_json=fmt == "array"):
            if fmt == "array":
                f.write(("" if first else ",\n") + text)
            else:
                f.write(text + "\n")
            first = False
        if fmt == "array":
            f.write("\n]\n")
    m.bad = [(line + offset, kind) for line, kind in m.bad]
    return m


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--system", choices=SYSTEMS, required=True)
    parser.add_argument("--count", type=int, default=1000, help="good records (default 1000)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--format", choices=("jsonl", "array"), default="jsonl")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--bad-every", type=int, default=0, help="one malformed record after every N good ones")
    parser.add_argument("--all-embeddings", action="store_true", help="contextual: every item has an embedding")
    args = parser.parse_args(argv)
    m = generate(args.out, args.system, args.count, args.seed, args.bad_every, args.format, args.all_embeddings)
    print(json.dumps({"records": m.records, "malformed": len(m.bad), **m.counts}))


if __name__ == "__main__":
    main()
