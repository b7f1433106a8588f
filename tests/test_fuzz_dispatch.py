"""Fuzzing memory.dispatch (issue 8.3): hypothesis generates requests for every
action of memory_store.dispatch_actions (each action its own test, and a test
that fails when the catalog has an action without a case here) — wrong JSON types, missing and extra
fields, huge strings, deep JSON, NUL characters, NaN and wrong-length
vectors, injection-shaped text, malformed envelopes and text that is not JSON
— and each one is sent through memory.dispatch(text). For every request:

  * the answer is a well-formed response envelope (status, action,
    request_id echoed, data xor error, timestamp);
  * the error code is never internal_error: every client mistake has a class;
  * an error answer leaves every table of memory_store and memory_archive as
    it was (fingerprint of all rows, the access log excepted), so nothing is
    half-written;
  * exactly one audit row, whose success flag matches the answer.

Examples: MO_FUZZ_EXAMPLES (default 2000, split over the three tests, the
first one's share split evenly over the actions),
derandomized so that a run is reproducible (MO_FUZZ_RANDOM=1: a new random
sequence); `-s` prints the tally of answers.
"""

import collections
import json
import os
import re
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import cases_cover, count, dispatch_actions

TOTAL = int(os.environ.get("MO_FUZZ_EXAMPLES", "2000"))
# MO_FUZZ_RANDOM=1: a new random sequence each run (to hunt), else the fixed one.
FUZZ = settings(deadline=None, derandomize=not os.environ.get("MO_FUZZ_RANDOM"), database=None, print_blob=True,
                suppress_health_check=list(HealthCheck))

# Payload fields each handler reads (functions/memory_store/dispatch_*.sql).
FIELDS = {
    "add_tags": ["memory_id", "tags"], "remove_tags": ["memory_id", "tags"], "list_tags": ["memory_id"],
    "tag_counts": ["user_id"],
    "batch_read": ["memory_ids", "memory_type", "memory_types", "session_id", "user_id", "source_agent", "tags",
                   "time_range", "start", "end", "include_inactive", "limit", "offset", "filter", "sort", "as_of"],
    "bulk_delete": ["filter", "hard", "memory_type", "older_than", "session_id", "tags"],
    "clear_state": ["agent_id", "session_id"], "load_state": ["agent_id", "session_id"],
    "save_state": ["agent_id", "session_id", "state_data", "ttl"],
    "create": ["content", "embedding", "embedding_model", "expires_at", "memory_id", "memory_type", "priority",
               "session_id", "source_agent", "tags", "ttl", "sensitive"],
    "update": ["clear_expiry", "content", "expires_at", "memory_id", "merge_content", "priority", "tags", "ttl"],
    "read": ["include_inactive", "memory_id", "as_of"], "history": ["memory_id", "limit", "before_version"], "delete": ["hard", "memory_id"], "restore": ["memory_id"],
    "create_session": ["session_id", "session_metadata", "session_type", "user_id"],
    "end_session": ["session_id", "summary", "archive"], "get_session": ["session_id"],
    "touch_session": ["session_id"],
    "upsert_profile": ["user_id", "preferences", "profile_data", "is_active"],
    "set_preference": ["user_id", "key", "value"], "remove_preference": ["user_id", "key"],
    "get_profile": ["user_id"],
    "relate": ["source_memory_id", "target_memory_id", "relationship_type", "metadata"],
    "unrelate": ["source_memory_id", "target_memory_id", "relationship_type"],
    "walk_relationships": ["memory_id", "max_depth", "relationship_types", "direction"],
    "search": ["query", "query_embedding", "embedding_model", "search_type", "filter", "filters", "limit", "offset",
               "memory_type", "memory_types", "session_id", "user_id", "source_agent", "tags", "time_range",
               "start", "end", "include_inactive", "rrf_k"],
    "summarize": ["session_id", "max_sentences", "memory_type", "memory_types", "store", "time_range"],
    "health": [],
    "rotate_encryption_key": ["memory_ids", "session_id", "user_id"],
    "read_archived": ["memory_id"], "restore_archived": ["memory_id", "session_id"],
    "batch_read_archived": ["memory_ids", "filter", "limit", "offset"],
    "changes_since": ["cursor", "limit"],
}
ENVELOPE_CODES = {"invalid_request", "validation_error", "memory_not_found", "session_not_found",
                  "permission_denied", "storage_error", "search_error", "internal_error"}
TALLY = collections.Counter()

# --- strategies -------------------------------------------------------------------

INJECTIONS = ["'; DROP TABLE memory_store.memory_entries; --", "\" OR 1=1 --", "$$; SELECT pg_sleep(10); $$",
              "%I%L%s", "\\\\x00", "') UNION SELECT * FROM pg_authid --", "${jndi:ldap://x}", "<script>x</script>",
              "Robert'); DROP TABLE sessions;--", "\u202e\u0000\ufeff", "a\u0000b", "\u0000"]
KNOWN_IDS = ["m1", "m2", "gone", "s1", "s-none", "u1", "planner", "context", "conversation", "reference", "old1", "s-old"]

texts = st.one_of(
    st.text(max_size=40), st.sampled_from(INJECTIONS), st.sampled_from(KNOWN_IDS),
    st.integers(60, 80).map(lambda n: "i" * n),                    # ids just over 64 characters
    st.just("h" * 70_000),     # huge strings
    st.sampled_from(["2026-13-45", "2026-01-01T00:00:00Z", "infinity", "-infinity", "epoch", "now", "294277-01-01",
                     "keyword", "semantic", "hybrid", "outgoing", "both", "asc", "desc", "priority"]))
numbers = st.one_of(st.integers(-10, 20), st.integers(-2**70, 2**70),
                    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([1e308, -0.0, 2**31, 1536]))
scalars = st.one_of(st.none(), st.booleans(), numbers, texts)
json_values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                            st.dictionaries(texts, inner, max_size=4)),
                           max_leaves=12)
vectors = st.one_of(
    st.lists(st.floats(-1, 1, width=32), max_size=8),
    st.builds(lambda n, v: [v] * n, st.sampled_from([0, 1535, 1536, 1537, 3072]),
              st.sampled_from([0.25, 0, float("nan"), float("inf"), 1e39, -1e39, 1e-50, "0.1", "NaN", "Infinity", None, True, [0.1]])))
DEEP = "__deep_json_{}__"
deep = st.integers(10, 5_000).map(lambda d: DEEP.format(d))  # replaced by d nested arrays after json.dumps
values = st.one_of(json_values, vectors, deep, st.sampled_from(KNOWN_IDS),
                   st.lists(st.sampled_from(KNOWN_IDS + INJECTIONS), max_size=5))


# Plausible values, so that requests also get past the first check and reach
# deeper code (and writes) with one bad field among good ones.
GOOD = {
    "memory_id": st.sampled_from(["m1", "m2", "gone", "m-new", "old1", "old2"]),
    "memory_ids": st.lists(st.sampled_from(["m1", "m2", "gone", "old1", "old2"]), max_size=3),
    "source_memory_id": st.sampled_from(["m1", "m2"]),
    "target_memory_id": st.sampled_from(["m1", "m2", "gone"]), "session_id": st.sampled_from(["s1", "s-none", "s-old"]),
    "user_id": st.sampled_from(["u1", "u2"]), "agent_id": st.sampled_from(["planner", "coder"]),
    "memory_type": st.sampled_from(["context", "conversation", "nope"]),
    "memory_types": st.lists(st.sampled_from(["context", "conversation"]), max_size=2),
    "content": st.dictionaries(st.sampled_from(["text", "a"]), texts, max_size=2),
    "state_data": st.dictionaries(st.sampled_from(["step", "k"]), scalars, max_size=2),
    "tags": st.lists(texts, max_size=3), "relationship_types": st.lists(texts, max_size=2),
    "priority": st.integers(-1, 12), "ttl": st.integers(-5, 100_000), "limit": st.integers(-1, 1001),
    "offset": st.integers(-1, 5), "max_depth": st.integers(0, 11), "max_sentences": st.integers(-1, 30),
    "embedding": st.sampled_from([[0.02] * 1536, [0.02] * 1535]), "query_embedding": st.sampled_from([[0.02] * 1536]),
    "embedding_model": st.just("m"), "relationship_type": st.sampled_from(["reference", "follows"]),
    "query": texts, "search_type": st.sampled_from(["keyword", "semantic", "hybrid", "fuzzy"]),
    "direction": st.sampled_from(["outgoing", "incoming", "both", "up"]), "key": texts, "value": json_values,
    "sensitive": st.booleans(), "hard": st.booleans(), "include_inactive": st.booleans(), "store": st.booleans(), "archive": st.booleans(),
    "expires_at": st.sampled_from(["2030-01-01T00:00:00Z", "2001-01-01T00:00:00Z", "soon"]),
    "older_than": st.sampled_from(["2030-01-01T00:00:00Z", "yesterday"]),
    "time_range": st.fixed_dictionaries({}, optional={"start": texts, "end": texts}),
    "filter": st.fixed_dictionaries({}, optional={
        "session_id": st.sampled_from(["s1", "s-old"]), "user_id": st.sampled_from(["u1", "u2"]),
        "memory_type": st.sampled_from(["context", "nope"]), "tags": st.lists(texts, max_size=2),
        "limit": st.integers(-1, 1001), "offset": st.integers(-1, 5),
        "sort": st.fixed_dictionaries({}, optional={"field": st.sampled_from(["created_at", "priority", "content"]),
                                                   "order": st.sampled_from(["asc", "desc", "up"])})}),
}


@st.composite
def payloads(draw, action):
    fields = FIELDS.get(action, [])
    # Hypothesis favours the smallest draw (0): 0 means the plausible choice.
    chosen = [field for field in fields if draw(st.integers(0, 9)) < 9]  # each field present 9 times in 10
    payload = {field: draw(GOOD[field] if field in GOOD and draw(st.integers(0, 3)) < 3 else values)
               for field in chosen}
    payload.update(draw(st.dictionaries(texts, values, max_size=2)))  # extra fields
    return payload


@st.composite
def requests(draw, well_formed_action=True, action=None):
    if well_formed_action and action is None:
        action = draw(st.sampled_from(sorted(FIELDS)))
    request = {"action": action if action else draw(st.one_of(scalars, json_values))}
    if draw(st.booleans()):
        request["request_id"] = draw(st.one_of(texts, numbers, st.none(), json_values))
    request["payload"] = draw(payloads(action)) if action and draw(st.integers(0, 9)) < 9 else draw(values)
    if draw(st.booleans()):
        hostile = draw(st.integers(0, 3)) == 3
        request["session_id"] = draw(values if hostile else st.sampled_from(["s1", "s-none"]))
    for key in ("encryption_key", "new_encryption_key"):  # keys of sensitive memories, per call
        if draw(st.integers(0, 3)) == 3:
            request[key] = draw(st.just("a-key-of-sixteen-chars") if draw(st.integers(0, 2)) < 2 else values)
    if draw(st.integers(0, 3)) == 0:
        request.update(draw(st.dictionaries(texts, values, max_size=2)))
    return request


def to_text(request) -> str:
    """JSON text of the request; NaN/Infinity stay in (invalid JSON), deep
    placeholders become nested arrays."""
    text = json.dumps(request, allow_nan=True)
    return re.sub(r'"__deep_json_(\d+)__"', lambda m: "[" * int(m.group(1)) + "]" * int(m.group(1)), text)


raw_texts = st.one_of(
    requests().map(to_text).flatmap(lambda t: st.integers(0, len(t)).map(lambda n: t[:n])),  # truncated
    requests().map(lambda r: to_text(r).replace('"', "'")),
    st.text(max_size=200).map(lambda t: t.replace("\x00", "")),  # a raw NUL cannot cross the protocol
    st.sampled_from(['{"action": "read\\u0000"}', '{"action": "health", "request_id": "\\u0000"}',
                     '{"action": "create", "payload": {"content": {"text": "a\\u0000b"}, "memory_type": "context"}}',
                     '{"action": "health"', "null", "[]", '"health"', "{}", "", " ", '{"action": NaN}',
                     '{"action": "create", "payload": {"embedding": [' + ",".join(["NaN"] * 1536) + "]}}"]),
    st.integers(1000, 20_000).map(lambda d: '{"action": "read", "payload": ' + "{\"a\": " * d + "1" + "}" * d + "}"))


# --- the fixture and the checks ------------------------------------------------

@pytest.fixture(scope="module", autouse=True)
def tally():
    """Printed with -s at the end: how the fuzzed requests were answered."""
    yield
    print(f"\nfuzz tally: {sum(TALLY.values())} requests, {dict(TALLY.most_common())}")


@pytest.fixture
def fuzz_db(db):
    """Rows for the requests to meet: session s1 of user u1, memories m1 and
    m2 (tags, m1 with an embedding), a related pair, an agent state, a
    profile, and session s-old with memories old1 and old2 in the archive."""
    db.execute("SELECT memory.start_session('s1', 'u1')")
    vector = "[" + ",".join(["0.01"] * 1536) + "]"
    db.execute("SELECT memory.create_memory(p_memory_type => 'context', p_content => '{\"text\": \"the blue door\"}', "
               "p_session_id => 's1', p_tags => ARRAY['door'], p_embedding => %s::extensions.vector, "
               "p_embedding_model => 'm', p_memory_id => 'm1')", (vector,))
    db.execute("SELECT memory.create_memory(p_memory_type => 'conversation', p_content => '{\"text\": \"hello\"}', "
               "p_session_id => 's1', p_tags => ARRAY['greeting'], p_memory_id => 'm2')")
    db.execute("SELECT memory.relate('m1', 'm2', 'reference')")
    db.execute("SELECT memory.save_agent_state('planner', '{\"step\": 1}', 's1')")
    db.execute("SELECT memory.upsert_user_profile('u1', '{\"theme\": \"dark\"}')")
    db.execute("SELECT memory.start_session('s-old', 'u1')")
    for memory_id in ("old1", "old2"):
        db.execute("SELECT memory.create_memory(p_memory_type => 'context', p_content => '{\"text\": \"cold\"}', "
                   "p_session_id => 's-old', p_tags => ARRAY['cold'], p_memory_id => %s)", (memory_id,))
    db.execute("UPDATE memory_store.sessions SET ended_at = now() - interval '40 days', "
               "updated_at = now() - interval '40 days' WHERE session_id = 's-old'")
    db.execute("CALL memory_store.archive_sessions()")
    assert count(db, "SELECT count(*) FROM memory_archive.memory_entries") == 2
    tables = [r[0] for r in db.execute(
        "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname IN ('memory_store', 'memory_archive') AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
        "AND c.oid <> 'memory_store.memory_access_logs'::regclass ORDER BY 1")]
    assert "memory_archive.memory_entries" in tables and "memory_archive.vector_embeddings" in tables
    fingerprint = "SELECT ARRAY[" + ", ".join(
        f"(SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM {t} t)" for t in tables) + "]"
    return db, fingerprint


def send(fuzz, text):
    db, fingerprint = fuzz
    before_rows = count(db, fingerprint)
    before_logs = count(db, "SELECT count(*) FROM memory_store.memory_access_logs")
    response = loads_deep(count(db, "SELECT memory.dispatch(%s::text)::text", text))
    assert count(db, "SELECT count(*) FROM memory_store.memory_access_logs") - before_logs == 1, \
        "exactly one audit row per request"
    assert count(db, "SELECT success FROM memory_store.memory_access_logs ORDER BY log_id DESC LIMIT 1") == \
        (response["status"] == "success")
    check_envelope(text, response)
    if response["status"] == "error":
        assert count(db, fingerprint) == before_rows, f"an error answer changed rows: {response}"
        TALLY[response["error"]["code"]] += 1
        if os.environ.get("MO_FUZZ_DEBUG"):
            TALLY[response["error"]["message"][:50]] += 1
    else:
        TALLY["success"] += 1
    return response


def loads_deep(text):
    """An answer may carry JSON nested thousands of levels deep that an
    earlier request stored (a preference, a state): PostgreSQL has no depth
    limit, Python's decoder stops at its recursion limit (about 1,000)."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 12_000))
    try:
        return json.loads(text)
    finally:
        sys.setrecursionlimit(limit)


def check_envelope(text, response):
    assert set(response) == {"status", "action", "request_id", "data", "error", "timestamp"}, response
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", response["timestamp"])
    try:
        request = json.loads(text, parse_constant=lambda c: None)
    except (ValueError, RecursionError):
        request = None
    unparsed = response["status"] == "error" and response["error"]["message"].startswith("the request is not valid JSON")
    if unparsed:
        assert response["request_id"] is None and response["action"] is None
    elif isinstance(request, dict):
        sent_id = request.get("request_id")
        if isinstance(sent_id, str) or (isinstance(sent_id, int) and not isinstance(sent_id, bool)):
            assert response["request_id"] == sent_id
        if isinstance(request.get("action"), str):
            assert response["action"] == request["action"]
    if response["status"] == "success":
        assert response["error"] is None and response["data"] is not None
    else:
        assert response["status"] == "error" and response["data"] is None, response
        error = response["error"]
        assert set(error) == {"code", "message", "details"} and isinstance(error["message"], str)
        assert error["code"] in ENVELOPE_CODES
        assert error["code"] != "internal_error", f"a client mistake answered as internal_error: {text[:500]!r}"


# --- the tests ----------------------------------------------------------------

def test_every_dispatch_action_is_fuzzed(db):
    """FIELDS (and so the parametrized test below) names exactly the actions of the catalog."""
    cases_cover("dispatch action", FIELDS, dispatch_actions(db))


@pytest.mark.parametrize("action", sorted(FIELDS))
@settings(FUZZ, max_examples=max(10, TOTAL * 6 // 10 // len(FIELDS)))
@given(data=st.data())
def test_fuzzed_payloads_of_every_action(fuzz_db, action, data):
    request = data.draw(requests(action=action))
    assert request["action"] == action
    send(fuzz_db, to_text(request))


@settings(FUZZ, max_examples=TOTAL * 2 // 10)
@given(request=requests(well_formed_action=False))
def test_fuzzed_envelopes(fuzz_db, request):
    send(fuzz_db, to_text(request))


@settings(FUZZ, max_examples=TOTAL * 2 // 10)
@given(text=raw_texts)
def test_text_that_is_not_a_valid_request(fuzz_db, text):
    response = send(fuzz_db, text)
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        assert response["status"] == "error"


