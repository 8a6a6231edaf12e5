"""The processes the API bench loads: bare hello-world stacks and a real ``polypanel serve``.

Each runs in its own session (process group) on a free loopback port, with TLS, and is stopped
by its own process-group id.
"""
from __future__ import annotations

import base64
import json
import os
import signal
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench_tools import granian_bin, has

from polypanel.provision.ports import free_port
from polypanel.server.tls import self_signed

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
INSECURE = ssl.create_default_context()
INSECURE.check_hostname = False
INSECURE.verify_mode = ssl.CERT_NONE


def request(url: str, method: str = "GET", headers: dict | None = None, body: str | bytes | None = None,
            timeout: float = 30) -> tuple[int, bytes]:
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, context=INSECURE, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def basic(login: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()


@dataclass
class Server:
    name: str
    description: str
    cmd: list[str]
    port: int
    env: dict | None = None
    log_path: Path | None = None
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def start(self, ready_path: str = "/", timeout: float = 60) -> "Server":
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.proc = subprocess.Popen(self.cmd, stdout=log, stderr=subprocess.STDOUT, env=self.env,
                                     start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {self.output()}")
            try:
                request(self.url + ready_path, timeout=2)
                return self
            except OSError:
                time.sleep(0.2)
        self.stop()  # never leave a server behind that did not come up in time
        raise RuntimeError(f"{self.name} did not start: {self.output()}")

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:] if self.log_path and self.log_path.exists() else ""

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)  # the group we started: granian's workers too
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        except ProcessLookupError:
            pass

    def rss_kib(self) -> int:
        """VmRSS of the process and all its descendants."""
        return tree_rss_kib(self.proc.pid) if self.proc else 0


def _children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            kids += [int(x) for x in task.read_text().split()]
        except OSError:
            pass
    return kids


def tree_rss_kib(pid: int) -> int:
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
        todo += _children(p)
    return total


# --- bare hello-world stacks --------------------------------------------------------------------

def hello_stacks(tmp: Path) -> list[Server]:
    """Every hello-world stack that can run here, fastest first (the first is the baseline)."""
    cert, key = self_signed("localhost", ["127.0.0.1"])
    (tmp / "hello.crt").write_bytes(cert)
    (tmp / "hello.key").write_bytes(key)
    tls_uvicorn = ["--ssl-certfile", str(tmp / "hello.crt"), "--ssl-keyfile", str(tmp / "hello.key")]
    uvicorn = [str(BIN / "python"), "-m", "uvicorn", "hello_app:app", "--app-dir", str(HERE), "--host", "127.0.0.1",
               "--log-level", "warning", "--no-access-log", "--no-server-header", "--lifespan", "off"]
    stacks = []
    if granian_bin():
        port = free_port()
        stacks.append(Server("granian", "granian, ASGI, 1 worker", [
            granian_bin(), "--interface", "asgi", "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
            "--ssl-certificate", str(tmp / "hello.crt"), "--ssl-keyfile", str(tmp / "hello.key"),
            "--no-access-log", "--log-level", "warning", "--working-dir", str(HERE), "hello_app:app"],
            port, log_path=tmp / "granian.log"))
    if has("httptools") and has("uvloop"):
        port = free_port()
        stacks.append(Server("uvicorn-httptools", "uvicorn, httptools + uvloop",
                             uvicorn + ["--port", str(port), "--http", "httptools", "--loop", "uvloop"] + tls_uvicorn,
                             port, log_path=tmp / "uvicorn-httptools.log"))
    port = free_port()
    stacks.append(Server("uvicorn-h11", "uvicorn, h11 + asyncio",
                         uvicorn + ["--port", str(port), "--http", "h11", "--loop", "asyncio"] + tls_uvicorn,
                         port, log_path=tmp / "uvicorn-h11.log"))
    return stacks


# --- the panel ----------------------------------------------------------------------------------

@dataclass
class Panel:
    """A real ``polypanel serve`` with production settings, dry appliers and its first admin."""

    data_dir: Path
    password: str
    listeners: tuple[str, ...]
    ports: dict[str, int] = field(default_factory=dict)
    server: Server | None = None

    def start(self, ready_timeout: float = 120) -> "Panel":
        from polypanel.server.config import LISTENERS

        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.ports = {name: (free_port() if name in self.listeners else 0) for name in LISTENERS}
        ini = "[polypanel]\n" + "".join(f"{LISTENERS[n][0]} = {p}\n" for n, p in self.ports.items())
        # Render only: no nginx on port 80, no named on 53, no database servers touched.
        ini += "".join(f"[{s}]\napplier = dry\n" for s in ("web", "dns", "databases", "mail", "ftp"))
        (self.data_dir / "panel.ini").write_text(ini)
        env = {k: v for k, v in os.environ.items()
               if k not in ("POLYPANEL_ARGON2_PROFILE", "POLYPANEL_ADMIN_PASSWORD", "POLYPANEL_DATABASE_URL")}
        cmd = [str(BIN / "polypanel"), "--data-dir", str(self.data_dir), "serve", "--admin-password", self.password]
        first = self.listeners[0]
        self.server = Server("polypanel", "polypanel serve", cmd, self.ports[first], env=env,
                             log_path=self.data_dir / "serve.log")
        self.server.start("/health", timeout=ready_timeout)
        self.wait_reconciled(ready_timeout)
        return self

    def wait_reconciled(self, timeout: float) -> None:
        """A big store opens its ports before its start-up reconcile ends; load only once it has
        (it would take a core from the rows measured)."""
        log = self.data_dir / "serve.log"
        deadline = time.monotonic() + timeout
        while True:
            text = log.read_text(errors="replace")
            if "still being applied" not in text or "Start-up reconcile finished." in text:
                return
            if time.monotonic() > deadline:
                raise RuntimeError("the panel's start-up reconcile did not finish in time")
            time.sleep(1)

    def url(self, listener: str) -> str:
        return f"https://127.0.0.1:{self.ports[listener]}"

    def api(self, method: str, path: str, payload: dict | None = None) -> dict:
        """One REST call as the administrator with Basic; the JSON answer."""
        status, body = request(self.url("plesk_https") + path, method,
                               {"Authorization": basic("admin", self.password), "Content-Type": "application/json"},
                               json.dumps(payload) if payload is not None else None)
        if status >= 300:
            raise RuntimeError(f"{method} {path}: {status} {body[:300]!r}")
        return json.loads(body)

    def whm(self, function: str, **params) -> dict:
        """One WHM API 1 call as root with Basic; the JSON answer."""
        from urllib.parse import urlencode

        query = urlencode({"api.version": "1", **params})
        status, body = request(f"{self.url('whm_https')}/json-api/{function}?{query}", "GET",
                               {"Authorization": basic("root", self.password)})
        if status != 200:
            raise RuntimeError(f"WHM {function}: {status} {body[:300]!r}")
        return json.loads(body)

    def stop(self) -> None:
        if self.server:
            self.server.stop()
