"""Where tasks and tests connect: DATABASE_URL if set, else the local cluster."""

import os
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from mo import cluster


@dataclass(frozen=True)
class Target:
    host: str
    port: int
    user: str
    password: str
    dbname: str
    local: bool  # True when this is the project's own cluster

    def uri(self, dbname: str | None = None) -> str:
        """libpq URI, with the password."""
        auth = quote(self.user, safe="")
        if self.password:
            auth += ":" + quote(self.password, safe="")
        return f"postgresql://{auth}@{self.host}:{self.port}/{quote(dbname or self.dbname, safe='')}"

    def sqitch_uri(self, dbname: str | None = None) -> str:
        """sqitch target URI, without the password (passed as SQITCH_PASSWORD)."""
        user = quote(self.user, safe="")
        return f"db:pg://{user}@{self.host}:{self.port}/{quote(dbname or self.dbname, safe='')}"

    def env(self) -> dict[str, str]:
        """Environment for psql, pg_prove and sqitch child processes."""
        env = dict(os.environ)
        env.update(PGPASSWORD=self.password, SQITCH_PASSWORD=self.password)
        env.setdefault("SQITCH_FULLNAME", "memory-orchestrator")
        env.setdefault("SQITCH_EMAIL", "memory-orchestrator@localhost")
        return env


def current() -> Target:
    """The database every task targets."""
    url = os.environ.get("DATABASE_URL")
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("postgres", "postgresql"):
            raise SystemExit(f"DATABASE_URL must be a postgresql:// URI, got scheme {parts.scheme!r}")
        return Target(
            host=parts.hostname or "localhost",
            port=parts.port or 5432,
            user=unquote(parts.username or os.environ.get("USER", "postgres")),
            password=unquote(parts.password or os.environ.get("PGPASSWORD", "")),
            dbname=unquote(parts.path.lstrip("/")) or "postgres",
            local=False,
        )
    return Target(
        host="127.0.0.1",
        port=cluster.port(),
        user=cluster.SUPERUSER,
        password=cluster.password(),
        dbname=cluster.dbname(),
        local=True,
    )
