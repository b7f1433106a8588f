"""An agent that survives a failover: it writes a memory every --interval
seconds through memory.dispatch and, when the server goes away, reconnects
and carries on. Nothing else in it knows about high availability.

    export DATABASE_URL='postgresql://USER:PASSWORD@127.0.0.1:55401,127.0.0.1:55402/memory'\
'?target_session_attrs=read-write&connect_timeout=2'
    python examples/agent_reconnect.py --seconds 60

Two things make it work (docs/ha.md):
- The connection string lists every node of the formation and asks for the
  one that accepts writes (target_session_attrs=read-write): libpq tries
  them in turn, so a reconnect after a failover lands on the new primary.
  `./dev ha status` prints it.
- A write whose answer was lost with the connection may have committed or
  not. The agent names its memories (payload memory_id), so sending the
  same request again is safe: if the first attempt committed, the second is
  answered storage_error (the id exists), and the agent reads the memory to
  be sure it is there.
"""

import argparse
import json
import os
import time
import uuid

import psycopg


def connect(url: str, give_up_after: float) -> psycopg.Connection:
    """Connect, retrying while no node accepts writes (during a failover)."""
    deadline = time.monotonic() + give_up_after
    while True:
        try:
            conn = psycopg.connect(url, autocommit=True)
            conn.execute("SET memory.agent_id = 'reconnecting-agent'")
            return conn
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def dispatch(conn, request: dict) -> dict:
    return conn.execute("SELECT memory.dispatch(%s::jsonb)", (json.dumps(request),)).fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30, help="how long to write (default 30)")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between writes (default 0.2)")
    parser.add_argument("--user", default="reconnect-user")
    parser.add_argument("--give-up-after", type=float, default=60, help="seconds without any server (default 60)")
    args = parser.parse_args()

    url = os.environ["DATABASE_URL"]
    conn = connect(url, args.give_up_after)
    session = dispatch(conn, {"action": "create_session", "payload": {"user_id": args.user}})["data"]["session_id"]
    written, reconnects, outage_started = [], 0, None
    end = time.monotonic() + args.seconds
    while time.monotonic() < end:
        memory_id = f"agent-{uuid.uuid4()}"
        request = {"action": "create", "session_id": session, "request_id": memory_id,
                   "payload": {"memory_id": memory_id, "memory_type": "conversation",
                               "content": {"text": f"note {len(written) + 1}"}, "tags": ["reconnect"]}}
        while True:  # the same request until it is known to be stored
            try:
                answer = dispatch(conn, request)
                if answer["status"] == "success" or (
                        answer["error"]["code"] == "storage_error"
                        and dispatch(conn, {"action": "read", "payload": {"memory_id": memory_id}})["status"]
                        == "success"):
                    break
                raise SystemExit(f"write refused: {answer['error']}")
            except psycopg.OperationalError as error:
                outage_started = outage_started or time.monotonic()
                print(f"connection lost ({str(error).splitlines()[0]}); reconnecting", flush=True)
                conn.close()
                conn = connect(url, args.give_up_after)
                reconnects += 1
                server = conn.execute("SELECT inet_server_port()").fetchone()[0]
                print(f"reconnected to the primary on port {server}", flush=True)
        if outage_started is not None:
            print(f"writing again {time.monotonic() - outage_started:.1f} s after the connection was lost", flush=True)
            outage_started = None
        written.append(memory_id)
        time.sleep(args.interval)
    stored = sum(dispatch(conn, {"action": "read", "payload": {"memory_id": m}})["status"] == "success"
                 for m in written)
    print(f"wrote {len(written)} memories, {stored} of them found, {reconnects} reconnects")
    conn.close()
    if stored != len(written):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
