"""The layout of functions/ (docs/layout.md): every function and procedure
of the package has its live body in exactly one file named after it,
functions/<schema>/<concern>/<name>.vN.sql, N the highest version of that
name in the tree; released bodies that only earlier changes and reverts need
live apart, in functions/history/. The deployed definitions are the live
files' to the letter."""

import re

from conftest import ROOT
from sqlfiles import Comment, Create, statements

FUNCTIONS = ROOT / "functions"
SCHEMAS = ("memory", "memory_store", "memory_archive")
CONCERNS = {"agent_states", "archive", "audit", "dispatch", "import", "lifecycle", "memories", "partitions",
            "profiles", "relationships", "search", "sensitive", "sessions", "summaries", "support", "tags", "tenancy"}
LIVE = re.compile(r"(?P<name>[a-z_][a-z0-9_]*)\.v(?P<version>\d+)\.sql")
ANCESTRY = re.compile(r"\bv\d+\b|\(change |otherwise as|as before|previous version|\.v\d+\.sql")


def live_files():
    return sorted(p for schema in SCHEMAS if (FUNCTIONS / schema).is_dir() for p in (FUNCTIONS / schema).rglob("*.sql"))


def creates_of(path):
    return [s for s in statements(path) if isinstance(s, Create)]


def test_live_files_sit_in_a_concern_folder_and_are_named_after_their_function():
    assert live_files(), "no live function files"
    for path in live_files():
        rel = path.relative_to(FUNCTIONS)
        assert len(rel.parts) == 3, f"functions/{rel}: a live file is functions/<schema>/<concern>/<name>.vN.sql"
        schema, concern, filename = rel.parts
        assert concern in CONCERNS, f"functions/{rel}: unknown concern folder {concern!r} (docs/layout.md)"
        match = LIVE.fullmatch(filename)
        assert match, f"functions/{rel}: the file name is <function name>.vN.sql"
        creates = creates_of(path)
        assert creates, f"functions/{rel} defines no function"
        for create in creates:
            assert create.name == f"{schema}.{match['name']}", \
                f"functions/{rel} defines {create.name}: one function name per file, named after it"
        for comment in (s for s in statements(path) if isinstance(s, Comment)):
            assert comment.name == f"{schema}.{match['name']}", f"functions/{rel} comments on {comment.name}"


def test_one_live_file_per_function_name():
    seen = {}
    for path in live_files():
        name = f"{path.relative_to(FUNCTIONS).parts[0]}.{LIVE.fullmatch(path.name)['name']}"
        assert name not in seen, f"{name} has two live files: {seen[name]} and {path}"
        seen[name] = path


def test_the_live_version_is_the_highest_of_its_name_in_the_tree():
    for path in live_files():
        match = LIVE.fullmatch(path.name)
        for other in FUNCTIONS.rglob(f"{match['name']}.v*.sql"):
            theirs = LIVE.fullmatch(other.name)
            if theirs and theirs["name"] == match["name"]:
                assert int(theirs["version"]) <= int(match["version"]), \
                    f"{other.relative_to(FUNCTIONS)} is newer than the live {path.relative_to(FUNCTIONS)}"


def test_each_live_file_opens_with_its_contract_not_its_ancestry():
    for path in live_files():
        rel = path.relative_to(FUNCTIONS)
        header = []
        for line in path.read_text().splitlines():
            if not line.startswith("--"):
                break
            header.append(line)
        name = f"{rel.parts[0]}.{LIVE.fullmatch(path.name)['name']}("
        assert header and header[0].startswith(f"-- {name}"), f"functions/{rel}: the header opens with the signature"
        assert "-- Errors:" in header, f"functions/{rel}: the header lists the errors"
        assert "-- Example:" in header, f"functions/{rel}: the header gives an example"
        found = ANCESTRY.search("\n".join(header))
        assert not found, f"functions/{rel}: the header retells history ({found[0]!r}); that goes to CHANGELOG.md"


def test_no_loose_function_files_outside_concern_and_history_folders():
    for path in FUNCTIONS.rglob("*.sql"):
        rel = path.relative_to(FUNCTIONS)
        assert rel.parts[0] == "history" or len(rel.parts) == 3, f"functions/{rel} is neither live nor history"


DEPLOYED = """
SELECT p.oid::regprocedure::text AS signature, n.nspname || '.' || p.proname AS name, l.lanname,
       pg_get_functiondef(p.oid) AS definition, obj_description(p.oid, 'pg_proc') AS comment,
       p.proowner::regrole::text AS owner, p.proacl::text AS acl
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
  JOIN pg_language l ON l.oid = p.prolang
 WHERE n.nspname = ANY (%s)
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                                             AND d.deptype = 'e')
 ORDER BY 1
"""


def deployed(conn):
    return {row[0]: row[1:] for row in conn.execute(DEPLOYED, (list(SCHEMAS),))}


def test_every_deployed_function_has_its_live_file(db):
    functions = deployed(db)
    languages = {}
    for signature, (name, language, *_rest) in functions.items():
        languages.setdefault(name, []).append(language)
    live = {}
    for path in live_files():
        for create in creates_of(path):
            live.setdefault(create.name, []).append(create.language)
    assert set(live) == set(languages), (
        f"deployed without a live file: {sorted(set(languages) - set(live))}; "
        f"live file of nothing deployed: {sorted(set(live) - set(languages))}")
    for name, deployed_languages in languages.items():
        # A file may hold one body per language for one signature (summarize_texts): count the deployed one's.
        overloads = [lang for lang in live[name] if lang in deployed_languages]
        assert len(overloads) == len(deployed_languages), f"{name}: {len(deployed_languages)} overloads deployed, " \
                                                          f"{len(overloads)} in its live file"


def test_deployed_definitions_are_the_live_files(db):
    """Run every live file's statements again over the deployed database: if
    any body, attribute, owner, grant or comment differed from its file,
    something would change. Nothing may, and nothing may be added."""
    before = deployed(db)
    deployed_language = {name: lang for name, lang, *_ in before.values()}
    with db.transaction(force_rollback=True):
        db.execute("SELECT extensions.vector_dims('[1]'::extensions.vector)")  # loads pgvector: hnsw.* settings
        for path in live_files():
            for statement in statements(path):
                if isinstance(statement, Create) and statement.language != deployed_language[statement.name]:
                    continue  # the body for a server without this language
                db.execute(statement.sql)
        after = deployed(db)
    changed = sorted(sig for sig in before if before[sig] != after.get(sig))
    assert not changed, f"deployed definitions differ from their live files: {changed}"
    assert set(after) == set(before), f"live files define what is not deployed: {sorted(set(after) - set(before))}"


def test_history_holds_only_released_files():
    """functions/history/ keeps released bodies byte-identical (SHA256SUMS,
    tests/test_sqitch.py): nothing is written there but a released file."""
    recorded = {line.split(maxsplit=1)[1] for line in (FUNCTIONS / "SHA256SUMS").read_text().splitlines()}
    for path in (FUNCTIONS / "history").rglob("*.sql"):
        assert str(path.relative_to(FUNCTIONS)) in recorded, \
            f"functions/{path.relative_to(FUNCTIONS)} is in history but not recorded in SHA256SUMS"
