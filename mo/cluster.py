"""The project-local PostgreSQL cluster: data inside the checkout, own port.

PostgreSQL refuses to run as root. When the tasks run as root (CI does), the
cluster runs as the unprivileged OS user `postgres` (created by Debian's
postgresql package); otherwise it runs as the invoking user.
"""

import os
import pwd
import secrets
import shutil
import stat
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLUSTER_DIR = ROOT / ".cluster"
DATA_DIR = CLUSTER_DIR / "data"
LOG_FILE = CLUSTER_DIR / "postgres.log"
PASSWORD_FILE = CLUSTER_DIR / "password"
CONF_TEMPLATE = ROOT / "conf" / "postgresql.conf"
SUPERUSER = "postgres"
OS_USER_WHEN_ROOT = "postgres"
MIN_VERSION = 15


def port() -> int:
    return int(os.environ.get("MO_PGPORT", "54329"))


def dbname() -> str:
    return os.environ.get("MO_DBNAME", "memory")


def pg_version() -> int:
    """Major version of the server binaries to use: MO_PG_VERSION or the newest installed."""
    if os.environ.get("MO_PG_VERSION"):
        return int(os.environ["MO_PG_VERSION"])
    found = [int(p.parent.parent.name) for p in Path("/usr/lib/postgresql").glob("*/bin/postgres")
             if p.parent.parent.name.isdigit()]
    found = [v for v in found if v >= MIN_VERSION]
    if not found:
        raise SystemExit(f"no PostgreSQL >= {MIN_VERSION} server found; run ./dev setup")
    return max(found)


def bindir() -> Path:
    return Path(f"/usr/lib/postgresql/{pg_version()}/bin")


def _as_cluster_user(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", OS_USER_WHEN_ROOT, "--", *cmd]
    return cmd


def _run(cmd: list[str], check: bool = True, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(_as_cluster_user(cmd), check=check, text=True, **kw)


def password() -> str:
    try:
        return PASSWORD_FILE.read_text().strip()
    except FileNotFoundError:
        raise SystemExit("the local cluster is not initialised; run ./dev setup (or set DATABASE_URL)")


def _let_cluster_user_in() -> None:
    """As root, the cluster user must traverse every directory above the data
    directory (a clone in `mktemp -d` is mode 0700). Grant it search (x) only,
    by ACL, on exactly the directories that lack it."""
    if os.geteuid() != 0:
        return
    uid = pwd.getpwnam(OS_USER_WHEN_ROOT).pw_uid
    for directory in [ROOT, *ROOT.parents]:
        st = directory.stat()
        if st.st_mode & stat.S_IXOTH or st.st_uid == uid:
            continue
        subprocess.run(["setfacl", "-m", f"u:{OS_USER_WHEN_ROOT}:x", str(directory)], check=True)


def initialised() -> bool:
    return (DATA_DIR / "PG_VERSION").exists()


def init() -> bool:
    """Create the cluster if it does not exist. Returns True if it was created."""
    if initialised():
        found = int((DATA_DIR / "PG_VERSION").read_text())
        if found != pg_version():
            raise SystemExit(f".cluster holds a PostgreSQL {found} cluster but the server is {pg_version()}; "
                             "remove .cluster (./dev destroy) to re-create it")
        return False
    _let_cluster_user_in()
    CLUSTER_DIR.mkdir(exist_ok=True)
    if not PASSWORD_FILE.exists():
        PASSWORD_FILE.write_text(secrets.token_hex(16) + "\n")
    PASSWORD_FILE.chmod(0o600)
    if os.geteuid() == 0:
        shutil.chown(CLUSTER_DIR, OS_USER_WHEN_ROOT, OS_USER_WHEN_ROOT)
        shutil.chown(PASSWORD_FILE, OS_USER_WHEN_ROOT, OS_USER_WHEN_ROOT)
    _run([str(bindir() / "initdb"), "-D", str(DATA_DIR), "-U", SUPERUSER, f"--pwfile={PASSWORD_FILE}",
          "--auth-local=peer", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8",
          "--data-checksums"], stdout=subprocess.DEVNULL)
    with open(DATA_DIR / "postgresql.conf", "a") as conf:
        conf.write("\n# memory-orchestrator settings (from conf/postgresql.conf)\n"
                   "include_if_exists = 'memory_orchestrator.conf'\n")
    return True


def _write_settings() -> None:
    settings = CONF_TEMPLATE.read_text() + (
        f"\nport = {port()}\ncron.database_name = '{dbname()}'\n")
    target = DATA_DIR / "memory_orchestrator.conf"
    target.write_text(settings)
    if os.geteuid() == 0:
        shutil.chown(target, OS_USER_WHEN_ROOT, OS_USER_WHEN_ROOT)


def running() -> bool:
    if not initialised():
        return False
    return _run([str(bindir() / "pg_ctl"), "-D", str(DATA_DIR), "status"], check=False,
                stdout=subprocess.DEVNULL).returncode == 0


def start() -> bool:
    """Start the cluster if it is not running. Returns True if it was started."""
    if running():
        return False
    _let_cluster_user_in()
    _write_settings()
    _run([str(bindir() / "pg_ctl"), "-D", str(DATA_DIR), "-l", str(LOG_FILE), "-w", "-t", "120", "start"],
         stdout=subprocess.DEVNULL)
    return True


def stop() -> bool:
    if not running():
        return False
    _run([str(bindir() / "pg_ctl"), "-D", str(DATA_DIR), "-m", "fast", "-w", "stop"], stdout=subprocess.DEVNULL)
    return True


def status() -> str:
    if not initialised():
        return "not initialised"
    result = _run([str(bindir() / "pg_ctl"), "-D", str(DATA_DIR), "status"], check=False,
                  capture_output=True)
    return result.stdout.strip() or result.stderr.strip()


def destroy() -> None:
    stop()
    shutil.rmtree(CLUSTER_DIR, ignore_errors=True)
