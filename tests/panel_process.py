"""Starting a real ``polypanel serve`` process on free loopback ports, for tests."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from .conftest import free_port

BIN = Path(sys.executable).parent / "polypanel"


class PanelProcess:
    def __init__(self, data_dir: Path, *, database_url: str | None = None, admin_password: str | None = None,
                 listeners: tuple[str, ...] = ("plesk_https", "plesk_http"), extra_ini: str = ""):
        from polypanel.server.config import LISTENERS

        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.database_url = database_url
        self.admin_password = admin_password
        self.ports = {name: (free_port() if name in listeners else 0) for name in LISTENERS}
        ini = "[polypanel]\n" + "".join(f"{LISTENERS[n][0]} = {p}\n" for n, p in self.ports.items())
        if "[web]" not in extra_ini:
            # Unless a test asks for real daemons, render only: no nginx on port 80, no named on 53.
            extra_ini += "\n" + "".join(f"[{s}]\napplier = dry\n" for s in ("web", "dns", "databases", "mail", "ftp"))
        (self.data_dir / "panel.ini").write_text(ini + extra_ini)
        self.proc: subprocess.Popen | None = None
        self.output = ""

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(BIN), "--data-dir", str(self.data_dir)]
        if self.database_url:
            cmd += ["--database-url", self.database_url]
        return subprocess.run(cmd + list(args), capture_output=True, text=True, check=check, timeout=60)

    def env(self) -> dict:
        env = dict(os.environ)
        env.pop("POLYPANEL_ADMIN_PASSWORD", None)
        return env

    def start(self, timeout: float = 30) -> "PanelProcess":
        cmd = [str(BIN), "--data-dir", str(self.data_dir)]
        if self.database_url:
            cmd += ["--database-url", self.database_url]
        cmd += ["serve"]
        if self.admin_password:
            cmd += ["--admin-password", self.admin_password]
        self.log = open(self.data_dir / "serve.log", "a")
        since = self.log.tell()  # a restart appends: wait for this run's line, not the last run's
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, env=self.env(), text=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"polypanel serve exited: {self.read_output()}")
            if b"listening on" in (self.data_dir / "serve.log").read_bytes()[since:]:
                return self
            time.sleep(0.1)
        raise RuntimeError(f"polypanel serve did not start: {self.read_output()}")

    def read_output(self) -> str:
        return (self.data_dir / "serve.log").read_text()

    def url(self, listener: str = "plesk_https", path: str = "") -> str:
        scheme = "http" if listener.endswith("_http") else "https"
        return f"{scheme}://127.0.0.1:{self.ports[listener]}{path}"

    def client(self, listener: str = "plesk_https", **kwargs) -> httpx.Client:
        return httpx.Client(base_url=self.url(listener), verify=False, timeout=30, **kwargs)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> int:
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        code = self.proc.returncode
        self.proc = None
        self.log.close()
        return code
