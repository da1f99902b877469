"""A real Redis Cluster on loopback: three masters, each with a replica (six
``redis-server --cluster-enabled yes`` processes in a temporary folder, joined with
``redis-cli --cluster create``), for the tests and ``benchmarks/bench_cluster.py``.

No fakes: the desk's cluster client meets MOVED redirections, slots on three shards and,
in the failover test, a replica promoted with ``CLUSTER FAILOVER``.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import redis
from redis.cluster import RedisCluster

from bot.redis_server import RedisServer

BUS_OFFSET = 10_000  # a node's cluster bus listens on its port + 10000


class ClusterUnsupported(RuntimeError):
    """This machine's redis-server (or redis-cli) cannot make a cluster."""


def cluster_ports(count: int) -> list[int]:
    """``count`` loopback ports whose cluster bus port (port + 10000) is free as well."""
    found: list[int] = []
    while len(found) < count:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        if port + BUS_OFFSET > 65_535 or port in found:
            continue
        try:
            with socket.socket() as bus:
                bus.bind(("127.0.0.1", port + BUS_OFFSET))
        except OSError:
            continue
        found.append(port)
    return found


def cluster_support() -> str | None:
    """None when redis-server and redis-cli can make a cluster, else the reason why not."""
    server, cli = shutil.which("redis-server"), shutil.which("redis-cli")
    if server is None:
        return "redis-server is not installed"
    if cli is None:
        return "redis-cli is not installed (it joins the nodes: apt-get install redis-tools)"
    [port] = cluster_ports(1)  # a free port whose bus port (+10000) exists and is free too
    probe = RedisServer("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        port=port)  # fmt: skip
    try:
        probe.start()
    except RuntimeError:
        probe.stop()
        return "this redis-server does not start with --cluster-enabled yes"
    try:
        client = redis.Redis(port=probe.port)
        client.execute_command("CLUSTER", "INFO")
        client.close()
    except redis.ResponseError as exc:
        return f"this redis-server has no cluster support ({exc})"
    finally:
        probe.stop()
    usage = subprocess.run([cli, "--cluster", "help"], capture_output=True, text=True, timeout=10)
    if "create" not in usage.stdout + usage.stderr:
        return "this redis-cli has no --cluster create (Redis 5 or later is needed)"
    return None


class LocalCluster:
    """``masters`` masters with ``replicas`` replicas each, on free loopback ports."""

    def __init__(self, masters: int = 3, replicas: int = 1, *extra: str) -> None:
        self.masters_count = masters
        self.replicas = replicas
        self.extra = extra
        self._tmp = tempfile.TemporaryDirectory(prefix="supportbot-cluster-")
        self.nodes: list[RedisServer] = []

    @property
    def url(self) -> str:
        """Any node will do: the cluster client learns the others from it."""
        return f"redis://127.0.0.1:{self.nodes[0].port}/0"

    def start(self) -> LocalCluster:
        count = self.masters_count * (1 + self.replicas)
        for port in cluster_ports(count):
            folder = Path(self._tmp.name) / str(port)
            folder.mkdir()
            node = RedisServer("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                               "--cluster-node-timeout", "3000", "--repl-diskless-sync-delay", "0",
                               *self.extra, data_dir=folder, port=port)  # fmt: skip
            self.nodes.append(node.start())
        cli = shutil.which("redis-cli")
        if cli is None:
            raise ClusterUnsupported("redis-cli is not installed")
        addresses = [f"127.0.0.1:{n.port}" for n in self.nodes]
        made = subprocess.run(
            [cli, "--cluster", "create", *addresses, "--cluster-replicas", str(self.replicas),
             "--cluster-yes"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        if made.returncode != 0:
            self.stop()
            raise ClusterUnsupported(f"redis-cli --cluster create failed: {made.stdout[-500:]}")
        self.wait_until_ready()
        return self

    def _info(self, node: RedisServer, section: str) -> dict[str, str]:
        client = redis.Redis(port=node.port, decode_responses=True)
        try:
            if section == "cluster":
                text = str(client.execute_command("CLUSTER", "INFO"))
                return dict(line.split(":", 1) for line in text.split() if ":" in line)
            return {k: str(v) for k, v in client.info(section).items()}
        finally:
            client.close()

    def _topology(self, node: RedisServer) -> frozenset[tuple[str, str, str]]:
        """(node id, master or slave, its master's id) of every node, as ``node`` sees it."""
        client = redis.Redis(port=node.port, decode_responses=True)
        try:
            text = str(client.execute_command("CLUSTER", "NODES"))
        finally:
            client.close()
        found = set()
        for line in text.splitlines():
            parts = line.split()
            role = "master" if "master" in parts[2] else "slave"
            found.add((parts[0], role, parts[3]))
        return frozenset(found)

    def wait_until_ready(self, timeout: float = 30.0) -> None:
        """Every node sees the cluster whole (all slots served), every node agrees on who
        is whose replica (a master ignores a manual failover asked by a replica it does not
        know yet), and every replica has caught up with its master."""
        deadline = time.monotonic() + timeout
        while True:
            alive = [n for n in self.nodes if n.process and n.process.poll() is None]
            try:
                ok = all(self._info(n, "cluster").get("cluster_state") == "ok" for n in alive)
                roles = [self._info(n, "replication") for n in alive]
                ok = ok and all(r.get("master_link_status", "up") == "up" for r in roles)
                ok = ok and sum(r.get("role") == "master" for r in roles) >= self.masters_count
                ok = ok and len({self._topology(n) for n in alive}) == 1
            except redis.RedisError:
                ok = False
            if ok:
                return
            if time.monotonic() > deadline:
                raise RuntimeError("the local Redis Cluster did not become ready")
            time.sleep(0.05)

    def client(self, **options: object) -> RedisCluster:
        return RedisCluster.from_url(self.url, **options)  # type: ignore[arg-type]

    def flush(self) -> None:
        """Empty every master (replicas follow)."""
        for node in self.masters():
            client = redis.Redis(port=node.port)
            client.flushall()
            client.close()

    def masters(self) -> list[RedisServer]:
        return [n for n in self.nodes if self._info(n, "replication").get("role") == "master"]

    def replicas_of(self, master: RedisServer) -> list[RedisServer]:
        found = []
        for node in self.nodes:
            info = self._info(node, "replication")
            if info.get("role") == "slave" and int(info.get("master_port", 0)) == master.port:
                found.append(node)
        return found

    def failover(self, master: RedisServer) -> RedisServer:
        """Promote ``master``'s replica with ``CLUSTER FAILOVER`` (the replica asks its
        master to stop, catches up, then takes over: no acknowledged write is lost); returns
        the new master once the whole cluster serves every slot again."""
        [replica] = self.replicas_of(master)[:1]
        for _ in range(3):  # a manual failover that times out (5 s) changes nothing: ask again
            client = redis.Redis(port=replica.port)
            client.execute_command("CLUSTER", "FAILOVER")
            client.close()
            deadline = time.monotonic() + 6
            while time.monotonic() < deadline:
                if self._info(replica, "replication").get("role") == "master":
                    self.wait_until_ready()
                    return replica
                time.sleep(0.05)
        raise RuntimeError(f"replica {replica.port} was not promoted")

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()
        self._tmp.cleanup()
