"""The docs cannot drift: docs/api.md is what the catalog gives, the README stays a front door."""

import re

from conftest import ROOT

from mo import apidoc

README = ROOT / "README.md"


def test_api_reference_matches_the_catalog(db):
    """docs/api.md equals what mo/apidoc.py writes from a freshly deployed database."""
    expected = apidoc.render(db, apidoc.read_intro(apidoc.API_MD))
    committed = apidoc.API_MD.read_text() if apidoc.API_MD.exists() else ""
    assert committed == expected, (
        "docs/api.md differs from the catalog of a freshly deployed database: run `./dev docs` "
        "(it rewrites the file against the deployed database; deploy first) and commit the result")


def test_api_reference_names_every_function_and_action(db):
    """Every function of schema memory and every dispatch action appears (a guard on the generator itself)."""
    text = apidoc.API_MD.read_text()
    names = {r[0] for r in db.execute("SELECT proname FROM pg_proc WHERE pronamespace = 'memory'::regnamespace")}
    actions = {r[0] for r in db.execute("SELECT action FROM memory_store.dispatch_actions")}
    assert names and actions
    assert not [n for n in names if f"memory.{n}(" not in text]
    assert not [a for a in actions if f"| `{a}` |" not in text]


def test_readme_is_a_front_door():
    lines = README.read_text().splitlines()
    assert len(lines) <= 300, f"README.md has {len(lines)} lines; the manual belongs in docs/ (at most 300)"


def test_every_docs_link_of_the_readme_exists():
    links = re.findall(r"\]\((docs/[^)#\s]+)", README.read_text())
    assert links, "the README links no docs/ file"
    missing = sorted({link for link in links if not (ROOT / link).exists()})
    assert not missing, f"README.md links missing files: {missing}"


def test_split_arguments_keeps_defaults_whole():
    assert apidoc.split_arguments("a text, b text[] DEFAULT ARRAY['x', 'y'], c jsonb DEFAULT '{\"k\": 1, \"j\": 2}'::jsonb") == [
        "a text", "b text[] DEFAULT ARRAY['x', 'y']", "c jsonb DEFAULT '{\"k\": 1, \"j\": 2}'::jsonb"]
    assert apidoc.split_arguments("") == []
