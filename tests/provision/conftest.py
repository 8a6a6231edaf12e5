"""Fixtures: real nginx and named on 127.0.0.1 free high ports in tmp dirs."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from polypanel.provision.daemons import NamedDaemon, NginxDaemon
from polypanel.provision.ports import free_port


from tests.installed import require_binary  # noqa: E402,F401  (the provision tests import it from here)


@pytest.fixture
def nginx(tmp_path: Path) -> Iterator[NginxDaemon]:
    require_binary("nginx")
    daemon = NginxDaemon(tmp_path / "nginx", http_port=free_port(), https_port=free_port())
    daemon.start()
    try:
        yield daemon
    finally:
        daemon.stop()


@pytest.fixture
def named(tmp_path: Path) -> Iterator[NamedDaemon]:
    require_binary("named", "named-checkconf", "rndc")
    daemon = NamedDaemon(tmp_path / "named", port=free_port())
    daemon.start()
    try:
        yield daemon
    finally:
        daemon.stop()


def http_get(host: str, port: int, path: str = "/", *, https: bool = False) -> tuple[int, str]:
    """curl --resolve host:port:127.0.0.1; (status, body)."""
    require_binary("curl")
    scheme = "https" if https else "http"
    result = subprocess.run(
        [
            "curl", "-sk", "--max-time", "5", "--resolve", f"{host}:{port}:127.0.0.1",
            "-w", "\n%{http_code}", f"{scheme}://{host}:{port}{path}",
        ],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    body, _, status = result.stdout.rpartition("\n")
    return int(status), body
