"""Deduplication on write (issue 17, point 3): create with dedupe off |
exact | semantic, typed (memory.create_memory_deduped) and through
memory.dispatch; the outcome added | updated | unchanged and the surviving
memory; 'updated' is a new version of the survivor (operation dedupe),
'unchanged' writes nothing; each error class; N concurrent identical creates
as real agent logins give one memory, and a create of an identical text
waits for the first one's transaction (seen in pg_stat_activity) while a
create of another text does not (docs/dedupe.md)."""

import json
import threading

import numpy as np
import psycopg
import pytest

from conftest import TARGET
from helpers import count, overlapped, wait_for_lock_wait
from test_tenancy import Agents

DIM = 1536
K = 8


def vec(v) -> str:
    return "[" + ",".join(f"{x:.6f}" for x in v) + "]"


def unit(seed, near=None, noise=0.0):
    rng = np.random.default_rng(seed)
    v = rng.normal(size=DIM) if near is None else near + noise * rng.normal(size=DIM) / np.sqrt(DIM)
    return v / np.linalg.norm(v)


def create(conn, text, dedupe="exact", memory_type="context", session="s1", **kwargs):
    """(outcome, memory_id, similarity) of memory.create_memory_deduped."""
    args = {"p_memory_type": memory_type, "p_content": json.dumps({"text": text}), "p_session_id": session,
            "p_dedupe": dedupe, **kwargs}
    names = ", ".join(f"{k} => %({k})s" for k in args)
    return conn.execute(f"SELECT outcome, memory_id, similarity FROM memory.create_memory_deduped({names})",
                        args).fetchone()


def envelope(conn, payload, session_id="s1"):
    request = {"action": "create", "request_id": "dd", "session_id": session_id, "payload": payload}
    return conn.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps(request),)).fetchone()[0]


@pytest.fixture
def world(db):
    db.execute("SELECT memory.start_session('s1', 'u1'), memory.start_session('s2', 'u2')")
    return db


def memories(conn, user="u1"):
    return count(conn, "SELECT count(*) FROM memory_store.memory_entries WHERE user_id = %s", user)


# --- exact ------------------------------------------------------------------------

@pytest.mark.parametrize("again", [
    "i like tea",                 # case
    "  I   like\tTea\n",          # white space
    "Ｉ ｌｉｋｅ ｔｅａ",            # full-width forms (NFKC)
])
def test_exact_finds_the_same_normalised_text(world, again):
    outcome, first, _ = create(world, "I like TEA")
    assert outcome == "added"
    outcome, survivor, similarity = create(world, again)
    assert (outcome, survivor, similarity) == ("updated", first, 1.0)
    assert memories(world) == 1
    # The survivor holds the latest wording.
    assert count(world, "SELECT content->>'text' FROM memory_store.memory_entries WHERE memory_id = %s", first) == again


def test_exact_normalises_composed_and_decomposed_letters(world):
    _, first, _ = create(world, "caf\u00e9 au lait")
    assert create(world, "Cafe\u0301 au lait")[:2] == ("updated", first)


def test_the_same_create_again_is_unchanged_and_writes_nothing(world):
    _, first, _ = create(world, "I like tea", p_tags=["drinks"], p_priority=6)
    before = world.execute("SELECT version, updated_at FROM memory_store.memory_entries WHERE memory_id = %s",
                           (first,)).fetchone()
    assert create(world, "I like tea", p_tags=["drinks"], p_priority=6)[:2] == ("unchanged", first)
    assert create(world, "I like tea", p_priority=3)[:2] == ("unchanged", first)  # lower priority: nothing new
    assert world.execute("SELECT version, updated_at FROM memory_store.memory_entries WHERE memory_id = %s",
                         (first,)).fetchone() == before
    assert count(world, "SELECT count(*) FROM memory_store.memory_versions WHERE memory_id = %s", first) == 0


def test_updated_merges_tags_priority_and_expiry_into_a_new_version(world):
    _, first, _ = create(world, "I like tea", p_tags=["drinks"], p_priority=4, p_ttl_seconds=3600)
    assert create(world, "i like tea", p_tags=["morning"], p_priority=8, p_ttl_seconds=7200)[:2] == ("updated", first)
    row = world.execute("SELECT priority, expires_at > now() + interval '1 hour', version, change_operation "
                        "FROM memory_store.memory_entries WHERE memory_id = %s", (first,)).fetchone()
    assert row == (8, True, 2, "dedupe")
    assert count(world, "SELECT array_agg(tag ORDER BY tag)::text[] FROM memory_store.memory_tags "
                        "WHERE memory_id = %s", first) == ["drinks", "morning"]
    # The replaced version keeps what the memory was.
    assert world.execute("SELECT version, content->>'text', tags, priority FROM memory_store.memory_versions "
                         "WHERE memory_id = %s", (first,)).fetchone() == (1, "I like tea", ["drinks"], 4)
    # The setting is the caller's again afterwards.
    assert count(world, "SELECT coalesce(current_setting('memory_store.change_operation', true), '')") == ""


def test_exact_keeps_apart_types_users_deleted_and_sensitive_memories(world):
    _, first, _ = create(world, "I like tea")
    assert create(world, "I like tea", memory_type="user_preference")[0] == "added"
    assert create(world, "I like tea", session="s2")[0] == "added"
    world.execute("SELECT memory.delete_memory(%s)", (first,))
    outcome, second, _ = create(world, "I like tea")
    assert outcome == "added" and second != first
    assert memories(world) == 3  # first (soft-deleted), the preference, second


def test_off_is_a_plain_create_and_answers_added(world):
    assert create(world, "I like tea", dedupe="off")[0] == "added"
    assert create(world, "I like tea", dedupe="off")[0] == "added"
    assert memories(world) == 2
    # A caller-chosen id sent again is the idempotent retry: unchanged.
    assert create(world, "tea", dedupe="off", p_memory_id="chosen")[0] == "added"
    assert create(world, "tea", dedupe="off", p_memory_id="chosen")[:2] == ("unchanged", "chosen")
    assert create(world, "tea", dedupe="exact", p_memory_id="chosen")[:2] == ("unchanged", "chosen")


def test_the_typed_call_is_audited_with_its_outcome(world):
    create(world, "I like tea")
    create(world, "i like tea")
    create(world, "i like tea")
    assert world.execute(
        "SELECT array_agg(request_data->>'outcome' ORDER BY log_id) FROM memory_store.memory_access_logs "
        "WHERE operation = 'create' AND request_data ? 'dedupe'").fetchone()[0] == ["added", "updated", "unchanged"]


# --- semantic ---------------------------------------------------------------------

def test_semantic_finds_a_near_embedding_and_replaces_it(world):
    base = unit(1)
    _, first, _ = create(world, "I drink my coffee black", dedupe="semantic", p_embedding=vec(base),
                         p_embedding_model="m")
    near = unit(2, near=base, noise=0.2)
    outcome, survivor, similarity = create(world, "My coffee: black, please", dedupe="semantic",
                                           p_embedding=vec(near), p_embedding_model="m")
    assert (outcome, survivor) == ("updated", first)
    assert similarity == pytest.approx(float(base @ near), abs=1e-4)
    assert count(world, "SELECT embedding::text FROM memory_store.vector_embeddings WHERE memory_id = %s",
                 first) == count(world, "SELECT %s::extensions.vector::text", vec(near))
    # Unrelated, another model, or a threshold above the similarity: added.
    assert create(world, "Book a train", dedupe="semantic", p_embedding=vec(unit(3)), p_embedding_model="m")[0] == "added"
    assert create(world, "coffee", dedupe="semantic", p_embedding=vec(near), p_embedding_model="other")[0] == "added"
    assert create(world, "black coffee", dedupe="semantic", p_embedding=vec(unit(4, near=base, noise=0.2)),
                  p_embedding_model="m", p_min_similarity=0.9999)[0] == "added"
    # The setting moves the default threshold.
    world.execute("SET memory.dedupe_min_similarity = '0.9999'")
    assert create(world, "black coffee again", dedupe="semantic", p_embedding=vec(unit(5, near=base, noise=0.2)),
                  p_embedding_model="m")[0] == "added"
    world.execute("RESET memory.dedupe_min_similarity")
    assert memories(world) == 5


def test_semantic_tries_the_exact_text_first(world):
    _, first, _ = create(world, "I like tea", dedupe="off")
    outcome, survivor, similarity = create(world, "i like tea", dedupe="semantic", p_embedding=vec(unit(7)),
                                           p_embedding_model="m")
    assert (outcome, survivor, similarity) == ("updated", first, 1.0)


# --- errors -----------------------------------------------------------------------

BAD = {
    "unknown dedupe": ({"dedupe": "fuzzy"}, "22023"),
    "semantic without an embedding": ({"dedupe": "semantic"}, "22004"),
    "threshold above 1": ({"dedupe": "semantic", "p_min_similarity": 1.5}, "22023"),
    "threshold 0": ({"dedupe": "exact", "p_min_similarity": 0}, "22023"),
    "bad memory type": ({"memory_type": "nope"}, "22023"),
    "unknown session": ({"session": "nope"}, "MO002"),
    "expiry in the past": ({"p_expires_at": "2000-01-01T00:00:00Z"}, "22023"),
}


@pytest.mark.parametrize("kwargs, sqlstate", BAD.values(), ids=BAD.keys())
def test_a_bad_deduped_create_raises_its_sqlstate_and_writes_nothing(world, kwargs, sqlstate):
    kwargs = dict(kwargs)
    if "semantic" == kwargs.get("dedupe") and "p_min_similarity" in kwargs:
        kwargs.update(p_embedding=vec(unit(1)), p_embedding_model="m")
    with pytest.raises(psycopg.Error) as error:
        create(world, "I like tea", **kwargs)
    assert error.value.sqlstate == sqlstate
    assert memories(world) == 0
    assert count(world, "SELECT count(*) FROM memory_store.dedupe_claims") == 0


def test_a_bad_threshold_setting_is_22023(world):
    world.execute("SET memory.dedupe_min_similarity = 'high'")
    with pytest.raises(psycopg.Error) as error:
        create(world, "tea", dedupe="semantic", p_embedding=vec(unit(1)), p_embedding_model="m")
    assert error.value.sqlstate == "22023"


def test_dispatch_create_dedupes_and_says_so(world):
    payload = {"memory_type": "context", "content": {"text": "I like tea"}, "dedupe": "exact"}
    first = envelope(world, payload)["data"]
    assert first["outcome"] == "added"
    again = envelope(world, {**payload, "content": {"text": "I LIKE tea"}})["data"]
    assert (again["outcome"], again["memory_id"], again["similarity"]) == ("updated", first["memory_id"], 1)
    assert envelope(world, {"memory_type": "context", "content": {"text": "x"}})["data"]["outcome"] == "added"
    near = envelope(world, {"memory_type": "context", "content": {"text": "y"}, "dedupe": "semantic",
                            "embedding": unit(1).tolist(), "embedding_model": "m", "dedupe_min_similarity": 0.5})
    assert near["data"]["outcome"] == "added"
    for bad, code in (({"dedupe": "fuzzy"}, "validation_error"), ({"dedupe": "semantic"}, "invalid_request"),
                      ({"dedupe": "exact", "sensitive": True}, "validation_error"),
                      ({"dedupe": "semantic", "embedding": unit(1).tolist(), "embedding_model": "m",
                        "dedupe_min_similarity": 2}, "validation_error")):
        answer = envelope(world, {**payload, **bad})
        assert (answer["status"], answer["error"]["code"]) == ("error", code), bad
    assert memories(world) == 3


# --- concurrency, as real agent logins -------------------------------------------

@pytest.fixture
def agent_logins(db):
    made = Agents(db, db.info.dbname)
    role = made.role("deduper")
    db.execute("SELECT memory_store.grant_agent_user(%s, 'u1')", (role,))

    def connect():
        conn = psycopg.connect(host=TARGET.host, port=TARGET.port, dbname=made.dbname, user=role,
                               password=made.password)
        conn.execute("SELECT memory.act_as('u1')")
        conn.commit()
        return conn

    yield connect
    made.close()


def race(connect, work, hold=0.1):
    """K agent connections meet at a barrier and run work(i, conn); each keeps
    its transaction open `hold` seconds before COMMIT (only to make them
    overlap; nothing rests on it). Returns {i: result} and the server's
    clock_timestamp() before and after each work()."""
    barrier, lock = threading.Barrier(K), threading.Lock()
    conns = [connect() for _ in range(K)]
    results, stamps = {}, {}

    def client(i, conn):
        barrier.wait(timeout=30)
        try:
            before = conn.execute("SELECT clock_timestamp()").fetchone()[0]
            result = work(i, conn)
            after = conn.execute("SELECT clock_timestamp()").fetchone()[0]
            conn.execute("SELECT pg_sleep(%s)", (hold,))
            conn.commit()
        except psycopg.Error as error:
            conn.rollback()
            result, before, after = error, None, None
        with lock:
            results[i] = result
            if before:
                stamps[i] = (before, after)

    threads = [threading.Thread(target=client, args=(i, c)) for i, c in enumerate(conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a client hung"
    for c in conns:
        c.close()
    return results, stamps


@pytest.mark.parametrize("path", ["typed exact", "typed semantic", "dispatch exact", "dispatch semantic"])
def test_eight_concurrent_identical_creates_give_one_memory(world, agent_logins, path):
    text = f"the door code is behind the {path} painting"
    embedding = unit(11)

    def work(i, conn):
        dedupe = path.split()[1]
        extra = {"p_embedding": vec(embedding), "p_embedding_model": "m"} if dedupe == "semantic" else {}
        if path.startswith("typed"):
            return create(conn, text, dedupe=dedupe, **extra)[:2]
        payload = {"memory_type": "context", "content": {"text": text}, "dedupe": dedupe}
        if extra:
            payload.update(embedding=embedding.tolist(), embedding_model="m")
        answer = envelope(conn, payload)
        assert answer["status"] == "success", answer
        return answer["data"]["outcome"], answer["data"]["memory_id"]

    results, stamps = race(agent_logins, work)
    assert not [r for r in results.values() if isinstance(r, Exception)], results
    assert overlapped(stamps), "the creators never overlapped: no race was run"
    outcomes = sorted(r[0] for r in results.values())
    assert outcomes == ["added"] + ["unchanged"] * (K - 1)
    assert len({r[1] for r in results.values()}) == 1
    assert count(world, "SELECT count(*) FROM memory_store.memory_entries WHERE text_content = %s", text) == 1
    assert count(world, "SELECT count(*) FROM memory_store.dedupe_claims") == 0


def test_an_identical_create_waits_for_the_first_and_another_text_does_not(world, agent_logins):
    first, second, other = agent_logins(), agent_logins(), agent_logins()
    try:
        outcome, memory_id, _ = create(first, "I like tea")  # transaction left open: the claim is held
        assert outcome == "added"
        done = {}
        waiter = threading.Thread(target=lambda: done.update(answer=create(second, "i LIKE tea")[:2]))
        waiter.start()
        # The second creator waits on the first one's claim, a row lock of that key only.
        pid_first = first.execute("SELECT pg_backend_pid()").fetchone()[0]
        wait_for_lock_wait(world, second.info.backend_pid, blocker=pid_first)
        # Meanwhile another text of the same user and type goes through at once
        # (outside session s1, whose row the first creator's insert touched).
        assert create(other, "I like coffee", session=None)[0] == "added"
        other.commit()
        assert waiter.is_alive()
        first.commit()
        waiter.join(timeout=60)
        assert done["answer"] == ("updated", memory_id)
        second.commit()
    finally:
        for conn in (first, second, other):
            conn.close()
    assert memories(world) == 2
