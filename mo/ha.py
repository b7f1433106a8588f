"""A pg_auto_failover formation on this machine: one monitor and two (or
three) data nodes on loopback ports, run by Debian's pg_autoctl as the
unprivileged OS user (like mo/cluster.py). pg_autoctl does all of the
replication and failover work: it initialises the nodes, builds the standby
with pg_basebackup, sets synchronous_standby_names, promotes a standby when
the monitor finds the primary gone, and rewinds an old primary (pg_rewind)
when it comes back. This module only lays out directories, ports, passwords
and settings, starts and stops the `pg_autoctl run` services, and deploys
the package on the primary (it reaches the standbys by streaming
replication).

Layout (ROOT/.ha unless MO_HA_DIR is set):
    monitor/ node1/ node2/       data directories
    config/ share/ run/          pg_autoctl's XDG directories (its config and state files)
    log/<name>.log               output of each `pg_autoctl run`
    password, pgpass             one secret for every role of the formation

Used by `./dev ha up|status|down` and `./dev ha-failover-test` (mo/failover.py).
"""

import os
import secrets
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg

from mo import cluster, target

ROOT = cluster.ROOT
DEFAULT_DIR = ROOT / ".ha"
# Loopback ports outside the project clusters' range (cluster.RESERVED_PORTS):
# monitor BASE, data node i BASE + i.
DEFAULT_BASE_PORT = 55400
FORMATION = "default"
MONITOR_DB = "pg_auto_failover"

# The monitor's failure detection, tuned down from the defaults (5 s health
# check period, 20 s unhealthy timeout, 30 s demote timeout: about 50 s from
# the loss of the primary to the promotion) so that agents can write again
# within 15 s. Names and meaning: pg_autoctl(5), "pg_auto_failover monitor".
MONITOR_TIMEOUTS = {
    "pgautofailover.health_check_period": "1000",            # ms between health checks of each node
    "pgautofailover.health_check_timeout": "1000",           # ms connect timeout of a health check
    "pgautofailover.health_check_max_retries": "1",          # retries before the node is marked bad
    "pgautofailover.health_check_retry_delay": "500",        # ms between those retries
    "pgautofailover.node_considered_unhealthy_timeout": "3000",  # ms without a keeper report
    "pgautofailover.primary_demote_timeout": "5000",         # ms the old primary gets to drain/demote
}
# The keepers' side of the same trade-off (pg_autoctl(5), "[timeout]"): a
# primary that can reach neither the monitor nor a standby for this long
# demotes itself. It must stay below primary_demote_timeout, so that an old
# primary cut off by a network partition has stopped taking writes before
# the monitor promotes its standby (no split brain).
KEEPER_TIMEOUTS = {"timeout.network_partition_timeout": "3"}

# Server settings the formation adds on top of conf/postgresql.conf, via
# ALTER SYSTEM (postgresql.auto.conf is read last, after the files that
# pg_autoctl writes, and pg_basebackup copies it to the standbys): three
# servers and their clients share this machine, so each gets a small share.
NODE_SETTINGS = {
    "shared_buffers": "256MB", "effective_cache_size": "2GB", "maintenance_work_mem": "256MB",
    "work_mem": "16MB", "huge_pages": "off", "max_connections": "60", "max_wal_size": "1GB",
    "min_wal_size": "80MB", "max_worker_processes": "16", "log_min_duration_statement": "-1",
    # conf/postgresql.conf turns the Unix socket off; pg_autoctl starts a
    # lost primary with listen_addresses '' for the crash recovery that
    # pg_rewind needs, and PostgreSQL refuses to start with no socket at all.
    "unix_socket_directories": "/tmp",
    # hot_standby_feedback: a long search on a standby holds back vacuum on
    # the primary rather than being cancelled (docs/ha.md, reads on standbys).
    "hot_standby_feedback": "on",
}
MONITOR_SETTINGS = {"shared_buffers": "64MB", "effective_cache_size": "256MB", "maintenance_work_mem": "64MB",
                    "work_mem": "4MB", "huge_pages": "off", "max_connections": "40", **MONITOR_TIMEOUTS}


def number_sync_standbys(nodes: int) -> int:
    """The formation's number_sync_standbys for `nodes` data nodes. The
    monitor requires N+1 candidate standbys for N (pg_autoctl set formation
    number-sync-standbys): with one standby it is 0, and pg_auto_failover
    then still makes that standby synchronous (synchronous_standby_names =
    'ANY 1 (...)'), so a commit is acknowledged once it is on both servers;
    with two standbys it is 1."""
    if nodes < 2:
        raise ValueError("a formation needs at least two data nodes to fail over")
    return nodes - 2


def conf_line(name: str, value: str) -> str:
    """One line of postgresql.auto.conf, quoted as ALTER SYSTEM writes it."""
    return f"{name} = '{value.replace(chr(39), chr(39) * 2)}'\n"


def agent_uri(ports: list[int], password: str, dbname: str, user: str = cluster.SUPERUSER) -> str:
    """The connection string agents use: every data node, and libpq keeps
    only the one that accepts writes (target_session_attrs=read-write), so
    after a failover a reconnect lands on the new primary."""
    hosts = ",".join(f"127.0.0.1:{p}" for p in ports)
    return (f"postgresql://{quote(user, safe='')}:{quote(password, safe='')}@{hosts}/{quote(dbname, safe='')}"
            "?target_session_attrs=read-write&connect_timeout=2")


@dataclass(frozen=True)
class Node:
    name: str
    port: int
    data_dir: Path


class Formation:
    """A monitor and `nodes` data nodes under `root`, on ports base_port..base_port+nodes."""

    def __init__(self, root: Path | None = None, base_port: int | None = None, nodes: int = 2,
                 dbname: str | None = None):
        self.root = Path(root or os.environ.get("MO_HA_DIR") or DEFAULT_DIR).resolve()
        if (self.root / "nodes").exists():  # an existing formation keeps the size it was created with
            nodes = int((self.root / "nodes").read_text())
        self.base_port = int(base_port or os.environ.get("MO_HA_PORT", DEFAULT_BASE_PORT))
        if any(p in cluster.RESERVED_PORTS for p in range(self.base_port, self.base_port + nodes + 1)):
            raise SystemExit(f"ports {self.base_port}..{self.base_port + nodes} overlap the project clusters' "
                             f"range {cluster.RESERVED_PORTS.start}-{cluster.RESERVED_PORTS.stop - 1}")
        self.dbname = dbname or cluster.dbname()
        self.monitor = Node("monitor", self.base_port, self.root / "monitor")
        self.nodes = [Node(f"node{i}", self.base_port + i, self.root / f"node{i}") for i in range(1, nodes + 1)]
        self.log_dir = self.root / "log"
        self.password_file = self.root / "password"
        self.pgpass = self.root / "pgpass"

    # --- configuration -------------------------------------------------------------

    def password(self) -> str:
        try:
            return self.password_file.read_text().strip()
        except FileNotFoundError:
            raise SystemExit(f"no formation in {self.root}; run ./dev ha up")

    def env(self) -> dict[str, str]:
        """Environment of every pg_autoctl command: its config and state in
        the formation's directory, the PostgreSQL binaries of the detected
        major version first on PATH, and the formation's password file (the
        servers inherit it, so the standby's walreceiver and pg_rewind find
        the replication password there)."""
        env = {k: os.environ[k] for k in ("LANG", "LC_ALL", "TZ") if k in os.environ}
        env.update(XDG_CONFIG_HOME=str(self.root / "config"), XDG_DATA_HOME=str(self.root / "share"),
                   XDG_RUNTIME_DIR=str(self.root / "run"), PGPASSFILE=str(self.pgpass),
                   PATH=f"{cluster.bindir()}:{os.environ.get('PATH', '/usr/bin:/bin')}")
        return env

    def monitor_uri(self) -> str:
        return f"postgresql://autoctl_node@127.0.0.1:{self.monitor.port}/{MONITOR_DB}?sslmode=disable"

    def uri(self, node: Node | None = None, dbname: str | None = None) -> str:
        """Superuser URI of one node, or the agents' multi-host URI."""
        if node is None:
            return agent_uri([n.port for n in self.nodes], self.password(), dbname or self.dbname)
        return f"postgresql://{cluster.SUPERUSER}:{quote(self.password(), safe='')}@127.0.0.1:{node.port}/" \
               f"{dbname or self.dbname}?connect_timeout=2"

    def target(self, node: Node) -> target.Target:
        return target.Target(host="127.0.0.1", port=node.port, user=cluster.SUPERUSER, password=self.password(),
                             dbname=self.dbname, local=False)

    # --- processes ----------------------------------------------------------------------

    def _autoctl(self, *args: str, check: bool = True, capture: bool = True) -> subprocess.CompletedProcess:
        cmd = cluster._as_cluster_user(["env", *[f"{k}={v}" for k, v in self.env().items()], "pg_autoctl", *args])
        result = subprocess.run(cmd, text=True, errors="replace", capture_output=capture, cwd="/")
        if check and result.returncode != 0:
            raise RuntimeError(f"pg_autoctl {' '.join(args)} failed ({result.returncode}):\n"
                               f"{result.stdout}\n{result.stderr}")
        return result

    def _chown(self, *paths: Path) -> None:
        if os.geteuid() == 0:
            for p in paths:
                shutil.chown(p, cluster.OS_USER_WHEN_ROOT, cluster.OS_USER_WHEN_ROOT)

    def run_service(self, node: Node) -> None:
        """Start `pg_autoctl run` for one node in the background, in its own
        session (its process group holds the keeper and the postmaster)."""
        log = open(self.log_dir / f"{node.name}.log", "a")
        cmd = cluster._as_cluster_user(["env", *[f"{k}={v}" for k, v in self.env().items()],
                                        "pg_autoctl", "run", "--pgdata", str(node.data_dir)])
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, cwd="/")
        (self.root / "run" / f"{node.name}.pgid").write_text(f"{proc.pid}\n")

    def service_pgid(self, node: Node) -> int | None:
        try:
            pgid = int((self.root / "run" / f"{node.name}.pgid").read_text())
        except (FileNotFoundError, ValueError):
            return None
        return pgid if _group_alive(pgid) else None

    def postmaster_pid(self, node: Node) -> int | None:
        try:
            pid = int((node.data_dir / "postmaster.pid").read_text().split()[0])
        except (FileNotFoundError, IndexError, ValueError, PermissionError):
            return None
        return pid if Path(f"/proc/{pid}").exists() else None

    def kill(self, node: Node) -> float:
        """Lose a server: SIGKILL its pg_autoctl keeper (else it restarts
        PostgreSQL in place, which is a crash-restart, not a failover), its
        postmaster and every child, all at once. Returns the time of the kill
        (time.monotonic())."""
        victims = set()
        pgid = self.service_pgid(node)
        postmaster = self.postmaster_pid(node)
        if postmaster:
            victims |= {postmaster, *_children(postmaster)}
        killed_at = time.monotonic()
        if pgid:
            try:
                os.killpg(pgid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return killed_at

    # --- the monitor's view -------------------------------------------------------------

    def monitor_conn(self) -> psycopg.Connection:
        return psycopg.connect(f"postgresql://{cluster.SUPERUSER}:{quote(self.password(), safe='')}@127.0.0.1:"
                               f"{self.monitor.port}/{MONITOR_DB}?connect_timeout=3", autocommit=True)

    def states(self) -> dict[str, dict]:
        """name -> reported/goal state, health, port, as the monitor sees them."""
        with self.monitor_conn() as conn:
            rows = conn.execute("SELECT nodename, reportedstate::text, goalstate::text, health, nodeport, "
                                "reportedlsn::text, reporttime FROM pgautofailover.node "
                                "WHERE formationid = %s ORDER BY nodeid", (FORMATION,)).fetchall()
        return {r[0]: {"reported": r[1], "goal": r[2], "health": r[3], "port": r[4], "lsn": r[5],
                       "report_time": r[6]} for r in rows}

    def primary(self) -> Node | None:
        """The node the monitor has as primary (reported and goal agree)."""
        for name, s in self.states().items():
            if s["reported"] in ("primary", "wait_primary", "single") and s["goal"] == s["reported"]:
                return next(n for n in self.nodes if n.name == name)
        return None

    def wait_for(self, predicate, what: str, timeout: float = 180, poll: float = 0.5):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                last = self.states()
                if predicate(last):
                    return last
            except psycopg.Error as error:
                last = str(error)
            time.sleep(poll)
        raise RuntimeError(f"formation: timed out after {timeout:.0f} s waiting for {what}; last seen: {last}")

    def healthy(self, states: dict) -> bool:
        """One primary, every other node a secondary, all goals reached."""
        reported = sorted(s["reported"] for s in states.values())
        return (len(states) == len(self.nodes) and all(s["reported"] == s["goal"] for s in states.values())
                and reported == sorted(["primary"] + ["secondary"] * (len(self.nodes) - 1)))

    # --- up / down -----------------------------------------------------------------------

    def created(self) -> bool:
        return (self.monitor.data_dir / "PG_VERSION").exists()

    def up(self, log=print) -> None:
        """Create the formation on first use, then start every service and
        wait until it is healthy. Idempotent."""
        if not self.created():
            self._create(log)
        for node in [self.monitor, *self.nodes]:
            if self.service_pgid(node) is None:
                self.run_service(node)
        self.wait_for(self.healthy, "one primary and its secondaries")

    def _prepare_root(self) -> None:
        cluster._let_cluster_user_in()
        for d in [self.root, self.root / "config", self.root / "share", self.root / "run", self.log_dir]:
            d.mkdir(parents=True, exist_ok=True)
            self._chown(d)
        self.root.chmod(0o700)
        (self.root / "run").chmod(0o700)
        (self.root / "nodes").write_text(f"{len(self.nodes)}\n")
        if not self.password_file.exists():
            self.password_file.write_text(secrets.token_hex(16) + "\n")
        # One secret for every role of the formation (postgres, autoctl_node,
        # pgautofailover_replicator, pgautofailover_monitor), loopback only.
        self.pgpass.write_text(f"127.0.0.1:*:*:*:{self.password()}\nlocalhost:*:*:*:{self.password()}\n")
        for f in (self.password_file, self.pgpass):
            f.chmod(0o600)
            self._chown(f)

    def _initdb(self, node: Node, settings: dict[str, str], conf_template: bool) -> None:
        """initdb as mo/cluster.py does (peer for local, SCRAM for TCP, data
        checksums, which pg_rewind needs), then the formation's settings in
        postgresql.auto.conf."""
        cluster._initdb(node.data_dir, self.password_file)
        if conf_template:
            conf = node.data_dir / "memory_orchestrator.conf"
            conf.write_text(cluster.CONF_TEMPLATE.read_text()
                            + f"\n# pg_auto_failover formation (mo/ha.py)\ncron.database_name = '{self.dbname}'\n")
            self._chown(conf)
        auto = node.data_dir / "postgresql.auto.conf"
        auto.write_text("# Do not edit this file manually!\n# It will be overwritten by the ALTER SYSTEM command.\n"
                        + "".join(conf_line(k, v) for k, v in settings.items()))
        self._chown(auto)

    def _create(self, log) -> None:
        self._prepare_root()
        pg_ctl = str(cluster.bindir() / "pg_ctl")
        common = ["--pgctl", pg_ctl, "--hostname", "127.0.0.1", "--auth", "scram-sha-256", "--no-ssl"]
        log(f"monitor: port {self.monitor.port}")
        self._initdb(self.monitor, MONITOR_SETTINGS, conf_template=False)
        self._autoctl("create", "monitor", "--pgdata", str(self.monitor.data_dir), "--pgport",
                      str(self.monitor.port), *common)
        # The monitor's own service connects as autoctl_node on the socket,
        # where initdb's peer rule maps no OS user to it: SCRAM there too.
        hba = self.monitor.data_dir / "pg_hba.conf"
        hba.write_text(f"local {MONITOR_DB} autoctl_node scram-sha-256\n" + hba.read_text())
        self.run_service(self.monitor)
        self._wait_sql(self.monitor)
        with self.monitor_conn() as conn:
            conn.execute(f"ALTER ROLE autoctl_node PASSWORD '{self.password()}'")
        first = self.nodes[0]
        for node in self.nodes:
            log(f"{node.name}: port {node.port}")
            if node is first:
                self._initdb(node, NODE_SETTINGS, conf_template=True)
            else:
                node.data_dir.mkdir(mode=0o700)
                self._chown(node.data_dir)
            create = ["create", "postgres", "--pgdata", str(node.data_dir), "--pgport", str(node.port),
                      "--name", node.name, "--monitor", self.monitor_uri(), "--dbname", self.dbname,
                      "--username", cluster.SUPERUSER, "--candidate-priority", "50",
                      "--replication-quorum", "true", "--listen", "127.0.0.1", "--pghost", "127.0.0.1", *common]
            if node is first:
                self._autoctl(*create)
            else:
                self._create_standby(create, first)
            for key, value in KEEPER_TIMEOUTS.items():
                self._autoctl("config", "set", "--pgdata", str(node.data_dir), key, value)
            self._autoctl("config", "set", "--pgdata", str(node.data_dir), "replication.password", self.password())
            self.run_service(node)
            if node is first:
                self.wait_for(lambda s: s.get(first.name, {}).get("reported") == "single", f"{first.name} single")
                self._prepare_primary(first, log)
        self._autoctl("set", "formation", "number-sync-standbys", "--monitor", self.monitor_uri(),
                      "--formation", FORMATION, str(number_sync_standbys(len(self.nodes))))

    def _create_standby(self, create: list[str], primary: Node) -> None:
        """pg_autoctl create postgres for a standby: pg_basebackup from the
        primary. pg_basebackup waits for a spread checkpoint
        (checkpoint_completion_target of checkpoint_timeout, minutes on a
        quiet server); a CHECKPOINT on the primary meanwhile makes that one
        finish at once."""
        cmd = cluster._as_cluster_user(["env", *[f"{k}={v}" for k, v in self.env().items()], "pg_autoctl", *create])
        proc = subprocess.Popen(cmd, text=True, errors="replace", stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                cwd="/")
        nudged = 0.0
        while proc.poll() is None:
            if time.monotonic() - nudged > 3:
                try:
                    with psycopg.connect(self.uri(primary, "postgres"), autocommit=True) as conn:
                        if conn.execute("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'walsender'"
                                        ).fetchone()[0]:
                            conn.execute("CHECKPOINT")
                            nudged = time.monotonic()
                except psycopg.Error:
                    pass
            time.sleep(0.3)
        output = proc.stdout.read()
        if proc.returncode != 0:
            raise RuntimeError(f"pg_autoctl {' '.join(create)} failed ({proc.returncode}):\n{output}")

    def _wait_sql(self, node: Node, dbname: str = "postgres", timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with psycopg.connect(self.uri(node, dbname), autocommit=True):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)

    def _prepare_primary(self, node: Node, log) -> None:
        """Passwords of pg_autoctl's roles (replicated to the standbys with
        everything else), the database, and the package."""
        self._wait_sql(node)
        with psycopg.connect(self.uri(node, "postgres"), autocommit=True) as conn:
            for role in ("pgautofailover_replicator", "pgautofailover_monitor"):
                if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                    conn.execute(psycopg.sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                        psycopg.sql.Identifier(role), psycopg.sql.Literal(self.password())))
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (self.dbname,)).fetchone():
                conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(self.dbname)))
        log(f"{node.name}: sqitch deploy (the standbys get it by streaming replication)")
        self.deploy(node)

    def deploy(self, node: Node) -> None:
        t = self.target(node)
        result = subprocess.run(["sqitch", "deploy", t.sqitch_uri()], cwd=ROOT, env=t.env(), capture_output=True,
                                text=True)
        if result.returncode != 0:
            raise RuntimeError(f"sqitch deploy on {node.name} failed:\n{result.stdout}\n{result.stderr}")

    def rejoin(self, node: Node) -> None:
        """Start a lost node's service again: its keeper asks the monitor,
        which makes it a standby of the new primary; pg_autoctl rewinds it
        (pg_rewind) first."""
        if self.service_pgid(node) is None:
            self.run_service(node)

    def down(self) -> None:
        """Stop every service (data nodes first, then the monitor)."""
        for node in [*self.nodes, self.monitor]:
            if node.data_dir.exists() and self.service_pgid(node) is not None:
                self._autoctl("stop", "--pgdata", str(node.data_dir), check=False)
        for node in [*self.nodes, self.monitor]:
            pgid = self.service_pgid(node)
            deadline = time.monotonic() + 60
            while pgid and _group_alive(pgid) and time.monotonic() < deadline:
                time.sleep(0.2)
            if pgid and _group_alive(pgid):
                os.killpg(pgid, signal.SIGKILL)

    def destroy(self) -> None:
        self.down()
        for node in [*self.nodes, self.monitor]:  # a killed node's postmaster may outlive its group
            pid = self.postmaster_pid(node)
            if pid:
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(self.root, ignore_errors=True)

    def status(self) -> str:
        if not self.created():
            return f"no formation in {self.root} (./dev ha up creates it)"
        result = self._autoctl("show", "state", "--monitor", self.monitor_uri(), "--formation", FORMATION,
                               check=False)
        lines = [result.stdout.rstrip() or result.stderr.rstrip()]
        settings = self._autoctl("show", "settings", "--monitor", self.monitor_uri(), "--formation", FORMATION,
                                 check=False)
        lines.append(settings.stdout.rstrip() or settings.stderr.rstrip())
        primary = None
        try:
            primary = self.primary()
        except psycopg.Error as error:
            lines.append(f"monitor unreachable: {error}")
        if primary:
            with psycopg.connect(self.uri(primary, "postgres"), autocommit=True) as conn:
                sync = conn.execute("SHOW synchronous_standby_names").fetchone()[0]
                rows = conn.execute("SELECT application_name, state, sync_state, "
                                    "pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), replay_lag "
                                    "FROM pg_stat_replication ORDER BY 1").fetchall()
            lines.append(f"\nprimary {primary.name}: synchronous_standby_names = {sync!r}")
            for r in rows:
                lines.append(f"  standby {r[0]}: {r[1]}, {r[2]}, replay behind by {r[3]} bytes, replay_lag {r[4]}")
        lines.append(f"\nthe multi-host URI (as the superuser; an agent logs in as its own role, a member of "
                     f"memory_agent, in place of it):\n  {self.uri()}")
        return "\n".join(lines)

    def show(self) -> dict:
        return {"root": str(self.root), "monitor": self.monitor.port, "nodes": {n.name: n.port for n in self.nodes}}


def _group_alive(pgid: int) -> bool:
    """Some process of process group pgid is alive (not a zombie)."""
    for p in Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        try:
            fields = (p / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def _children(pid: int) -> list[int]:
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and cluster._parent(p) == pid]
