"""The project-local PostgreSQL cluster: data inside the checkout, own port.

PostgreSQL refuses to run as root. When the tasks run as root (CI does), the
cluster runs as the unprivileged OS user `postgres` (created by Debian's
postgresql package); otherwise it runs as the invoking user.
"""

import os
import pwd
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time
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
    _initdb(DATA_DIR, PASSWORD_FILE)
    return True


def _initdb(data_dir: Path, password_file: Path) -> None:
    _run([str(bindir() / "initdb"), "-D", str(data_dir), "-U", SUPERUSER, f"--pwfile={password_file}",
          "--auth-local=peer", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8",
          "--data-checksums"], stdout=subprocess.DEVNULL)
    with open(data_dir / "postgresql.conf", "a") as conf:
        conf.write("\n# memory-orchestrator settings (from conf/postgresql.conf)\n"
                   "include_if_exists = 'memory_orchestrator.conf'\n")


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


# --- throw-away clusters ---------------------------------------------------------

# Settings of a throw-away cluster, after conf/postgresql.conf (the last
# setting wins): small memory, so it fits beside the project cluster, and no
# pg_cron (the package deploys without it, see deploy/cron_extension.sql).
SCRATCH_SETTINGS = {
    "shared_buffers": "128MB", "effective_cache_size": "1GB", "maintenance_work_mem": "256MB",
    "huge_pages": "off", "max_connections": "40", "shared_preload_libraries": "''",
    "max_wal_size": "1GB", "min_wal_size": "80MB", "log_min_duration_statement": "-1",
}


# Ports the project clusters of this machine's checkouts use (MO_PGPORT): a
# throw-away cluster never takes one, even while that cluster is stopped.
RESERVED_PORTS = range(54300, 54400)


def _free_port() -> int:
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in RESERVED_PORTS:
            return port


class ScratchCluster:
    """A throw-away cluster in a temporary directory on a free port, for tests
    that stop or kill their server (the crash test) and so must never use the
    project's cluster. Same binaries, authentication and conf/postgresql.conf
    as the local cluster, with SCRATCH_SETTINGS (and `settings`) on top;
    `hba` replaces pg_hba.conf (tests of other authentication setups).
    destroy() kills it and removes the directory."""

    def __init__(self, settings: dict[str, str] | None = None, hba: str | None = None):
        self.root = Path(tempfile.mkdtemp(prefix="mo-scratch-"))
        self.data_dir = self.root / "data"
        self.log_file = self.root / "postgres.log"
        self.port = _free_port()
        self.password = secrets.token_hex(16)
        password_file = self.root / "password"
        password_file.write_text(self.password + "\n")
        if os.geteuid() == 0:
            shutil.chown(self.root, OS_USER_WHEN_ROOT, OS_USER_WHEN_ROOT)
            shutil.chown(password_file, OS_USER_WHEN_ROOT, OS_USER_WHEN_ROOT)
        _initdb(self.data_dir, password_file)
        password_file.unlink()
        chosen = {**SCRATCH_SETTINGS, **(settings or {}), "port": str(self.port)}
        if hba is not None:  # another authentication setup than initdb's peer + scram-sha-256
            (self.data_dir / "pg_hba.conf").write_text(hba)
        conf = self.data_dir / "memory_orchestrator.conf"
        conf.write_text(CONF_TEMPLATE.read_text() + "\n# throw-away cluster\n"
                        + "".join(f"{k} = {v}\n" for k, v in chosen.items()))
        if os.geteuid() == 0:
            shutil.chown(conf, OS_USER_WHEN_ROOT, OS_USER_WHEN_ROOT)

    def uri(self, dbname: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}:{self.password}@127.0.0.1:{self.port}/{dbname}"

    def postmaster_pid(self) -> int | None:
        try:
            return int((self.data_dir / "postmaster.pid").read_text().split()[0])
        except (FileNotFoundError, IndexError, ValueError):
            return None

    def start(self, timeout: float = 120) -> None:
        """Start (after a kill: crash recovery). Retries while the killed
        server's last processes are still exiting."""
        deadline = time.monotonic() + timeout
        while True:
            result = _run([str(bindir() / "pg_ctl"), "-D", str(self.data_dir), "-l", str(self.log_file),
                           "-w", "-t", str(int(timeout)), "start"], check=False, capture_output=True)
            if result.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"throw-away cluster did not start:\n{result.stdout}{result.stderr}\n"
                                   + self.log_file.read_text()[-3000:])
            time.sleep(0.5)

    def stop(self) -> None:
        _run([str(bindir() / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"],
             check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def kill(self) -> int:
        """SIGKILL the postmaster, then each of its remaining children (by
        pid): the server dies at once, with no shutdown checkpoint. Returns
        the postmaster's pid."""
        pid = self.postmaster_pid()
        if pid is None:
            raise RuntimeError("the throw-away cluster is not running")
        children = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _parent(p) == pid]
        for victim in [pid, *children]:
            try:
                os.kill(victim, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for victim in [pid, *children]:
            while Path(f"/proc/{victim}").exists() and _parent(Path(f"/proc/{victim}")) is not None:
                time.sleep(0.01)
        return pid

    def destroy(self) -> None:
        if self.postmaster_pid() is not None and Path(f"/proc/{self.postmaster_pid()}").exists():
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def _parent(proc: Path) -> int | None:
    """Parent pid of a /proc/PID entry; None once it is gone or a zombie."""
    try:
        fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return None if fields[0] == "Z" else int(fields[1])
