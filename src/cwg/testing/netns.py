"""App hosts of their own for the tests: network namespaces joined to a bridge in the root one.

Each host is a network namespace with one veth interface whose other end sits on a bridge in
the root namespace; the bridge holds the root's address on that network. The shared services
(PostgreSQL, Redis) listen on 127.0.0.1 of the root namespace, which a host cannot reach, so
socat relays a port of the bridge address to each of them: to PostgreSQL and Redis the hosts'
connections come from 127.0.0.1 as a local client's would.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess

import pytest


def skip_unless_possible() -> None:
    """Skip, saying why, where namespaces cannot be built (not root, or no `ip`/`socat`)."""
    if os.geteuid() != 0:
        pytest.skip("building network namespaces needs root (CI runs as root)")
    if shutil.which("ip") is None:
        pytest.skip("the `ip` command (iproute2) is missing")
    if shutil.which("socat") is None:
        pytest.skip("socat is missing (scripts/bootstrap installs it)")


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=30)


class HostNetwork:
    """A bridge at `<prefix>.1/24` and hosts at `<prefix>.2`, `.3`, …; `close()` removes it all."""

    def __init__(self, prefix: str = "10.231.0"):
        self.prefix = prefix
        self.gateway = f"{prefix}.1"
        tag = f"{os.getpid() % 100000:05d}"
        self.tag = tag
        self.bridge = f"cwgbr{tag}"
        self.namespaces: list[str] = []
        self.links: list[str] = [self.bridge]
        self.relays: list[subprocess.Popen] = []
        try:
            _ip("link", "add", self.bridge, "type", "bridge")
            _ip("addr", "add", f"{self.gateway}/24", "dev", self.bridge)
            _ip("link", "set", self.bridge, "up")
        except BaseException:
            self.close()
            raise

    def add_host(self) -> tuple[str, str]:
        """A new namespace joined to the bridge: (its name, its address)."""
        index = len(self.namespaces)
        name = f"cwg-host{index}-{self.tag}"
        address = f"{self.prefix}.{index + 2}"
        outside, inside = f"cwgo{index}{self.tag}", f"cwgi{index}{self.tag}"
        # Noted before it exists, so that close() removes it whatever step fails.
        self.namespaces.append(name)
        self.links.append(outside)
        _ip("netns", "add", name)
        _ip("link", "add", outside, "type", "veth", "peer", "name", inside)
        _ip("link", "set", inside, "netns", name)
        _ip("link", "set", outside, "master", self.bridge)
        _ip("link", "set", outside, "up")
        _ip("-n", name, "addr", "add", f"{address}/24", "dev", inside)
        _ip("-n", name, "link", "set", inside, "up")
        _ip("-n", name, "link", "set", "lo", "up")
        return name, address

    def relay(self, port: int, target_host: str, target_port: int) -> str:
        """Relay `gateway:port` to `target_host:target_port`; returns "gateway:port"."""
        process = subprocess.Popen(
            ["socat", f"TCP-LISTEN:{port},bind={self.gateway},reuseaddr,fork,backlog=256",
             f"TCP:{target_host}:{target_port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        self.relays.append(process)
        return f"{self.gateway}:{port}"

    @staticmethod
    def run_in(namespace: str) -> list[str]:
        """The command prefix that runs a program inside `namespace`."""
        return ["ip", "netns", "exec", namespace]

    def close(self) -> None:
        for process in self.relays:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)  # socat's forked children too
                process.wait(timeout=30)
        for name in self.namespaces:
            subprocess.run(["ip", "netns", "del", name], capture_output=True, check=False)
        for link in self.links:
            subprocess.run(["ip", "link", "del", link], capture_output=True, check=False)
