"""Function files read as SQL: their statements through PostgreSQL's own
parser (pglast), so the tests never guess where a dollar-quoted body ends.
psql meta-commands (\\if, \\else, \\endif) are blanked before parsing; the
statements between them are alternatives that a deploy chooses from."""

from dataclasses import dataclass
from pathlib import Path

from pglast import parse_sql


@dataclass
class Create:
    name: str        # schema.name
    language: str
    body: str        # the AS string, as pg_proc.prosrc holds it
    sql: str         # the statement, as written


@dataclass
class Comment:
    name: str
    sql: str


def _without_meta_commands(text: str) -> str:
    return "\n".join(" " * len(line) if line.lstrip().startswith("\\") else line for line in text.split("\n"))


def statements(path: Path) -> list:
    """The CREATE FUNCTION / PROCEDURE and COMMENT ON statements of a file, in order."""
    text = path.read_text()
    found = []
    for raw in parse_sql(_without_meta_commands(text)):
        end = raw.stmt_location + raw.stmt_len if raw.stmt_len else len(text)
        node, sql = raw.stmt, text[raw.stmt_location:end].strip().rstrip(";") + ";"
        kind = type(node).__name__
        if kind == "CreateFunctionStmt":
            options = {o.defname: o.arg for o in node.options or ()}
            found.append(Create(name=".".join(n.sval for n in node.funcname), language=options["language"].sval,
                                body=options["as"][0].sval, sql=sql))
        elif kind == "CommentStmt":
            found.append(Comment(name=".".join(n.sval for n in node.object.objname), sql=sql))
        else:
            raise AssertionError(f"{path}: only functions and their comments belong here, found {kind}")
    return found


def variant(path: Path, language: str) -> str:
    """The CREATE statement of a file in one language (a file may hold a body per language)."""
    return next(s.sql for s in statements(path) if isinstance(s, Create) and s.language == language)
