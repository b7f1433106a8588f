"""mo/ha.py's configuration, without starting a formation (that is
`./dev ha up` and `./dev ha-failover-test`, outside the default suite)."""

import pytest
from psycopg.conninfo import conninfo_to_dict

from mo import cluster, ha


def test_agent_uri_lists_every_node_and_asks_for_the_writable_one():
    uri = ha.agent_uri([55401, 55402], "p@ss:w/rd", "memory")
    parsed = conninfo_to_dict(uri)
    assert parsed["host"] == "127.0.0.1,127.0.0.1" and parsed["port"] == "55401,55402"
    assert parsed["target_session_attrs"] == "read-write"
    assert parsed["password"] == "p@ss:w/rd" and parsed["dbname"] == "memory" and parsed["user"] == "postgres"


def test_number_sync_standbys_follows_the_monitors_rule():
    # the monitor wants N+1 candidate standbys for number_sync_standbys N
    assert ha.number_sync_standbys(2) == 0
    assert ha.number_sync_standbys(3) == 1
    with pytest.raises(ValueError):
        ha.number_sync_standbys(1)


def test_a_partitioned_primary_demotes_itself_before_its_standby_is_promoted():
    demote_ms = int(ha.MONITOR_TIMEOUTS["pgautofailover.primary_demote_timeout"])
    partition_s = int(ha.KEEPER_TIMEOUTS["timeout.network_partition_timeout"])
    assert partition_s * 1000 < demote_ms


def test_settings_are_written_quoted_as_alter_system_does():
    assert ha.conf_line("shared_buffers", "256MB") == "shared_buffers = '256MB'\n"
    assert ha.conf_line("x.y", "it's") == "x.y = 'it''s'\n"


def test_formation_layout_and_ports(tmp_path):
    f = ha.Formation(root=tmp_path / "f", base_port=55450, nodes=3, dbname="memory")
    assert [f.monitor.port] + [n.port for n in f.nodes] == [55450, 55451, 55452, 55453]
    assert {n.data_dir.parent for n in [f.monitor, *f.nodes]} == {tmp_path / "f"}
    env = f.env()
    assert env["XDG_CONFIG_HOME"].startswith(str(tmp_path)) and env["PGPASSFILE"] == str(tmp_path / "f" / "pgpass")
    assert env["PATH"].startswith(str(cluster.bindir()))
    assert not f.created()


def test_formation_ports_stay_out_of_the_project_clusters_range(tmp_path):
    with pytest.raises(SystemExit, match="overlap"):
        ha.Formation(root=tmp_path, base_port=cluster.RESERVED_PORTS.start + 5)
