"""A small supervisor for nginx and BIND run by polypanel itself.

Each daemon lives entirely under its own state directory (config, pid, logs,
temp files), runs in the foreground as a child process on the given
(loopback, high) ports, and touches nothing under /etc.  Tests and
``polypanel serve`` in stand-in mode use these; production may instead point
the appliers at the system's daemons.
"""

from __future__ import annotations

import base64
import os
import pwd
import secrets
import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path

import dns.exception
import dns.message
import dns.query
import dns.rdatatype

from polypanel.provision.bind import BindBackend
from polypanel.provision.certificates import ensure_self_signed
from polypanel.provision.errors import DaemonError
from polypanel.provision.nginx import NginxBackend
from polypanel.provision.ports import accepts, free_port
from polypanel.provision.processes import stop_process, wait_until
from polypanel.provision.staging import write_file_atomic
from polypanel.provision.templates import Templates
from polypanel.provision.web import listen_prefix


class Daemon:
    """Start/stop of one foreground child process with a pid file."""

    name = "daemon"

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.process: subprocess.Popen[bytes] | None = None
        self.pid_file = self.root / f"{self.name}.pid"
        self.stderr_log = self.root / "logs" / f"{self.name}.stderr.log"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def command(self) -> list[str]:
        raise NotImplementedError

    def write_config(self) -> None:
        raise NotImplementedError

    def ready(self) -> bool:
        raise NotImplementedError

    def start(self, timeout: float = 20.0) -> None:
        if self.running:
            return
        self.write_config()
        self._stop_leftover()
        self.stderr_log.parent.mkdir(parents=True, exist_ok=True)
        with self.stderr_log.open("ab") as stderr:
            self.process = subprocess.Popen(
                self.command(), stdin=subprocess.DEVNULL, stdout=stderr, stderr=stderr, start_new_session=True
            )
        if not wait_until(lambda: not self.running or self.ready(), timeout) or not self.running:
            self.stop()
            tail = self.stderr_log.read_text(errors="replace")[-2000:]
            raise DaemonError(f"{self.name} did not start: {tail}")

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is not None:
            stop_process(self.process, signal.SIGTERM, timeout)
            self.process = None

    def __enter__(self) -> Daemon:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _stop_leftover(self) -> None:
        """A previous run's daemon on the same config (its parent died)."""
        try:
            pid = int(self.pid_file.read_text().strip())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError):
            return
        if str(self.root).encode() in cmdline:
            os.kill(pid, signal.SIGTERM)
            wait_until(lambda: not Path(f"/proc/{pid}").exists(), 10.0)


class NginxDaemon(Daemon):
    """nginx with its main config, sites dir, logs and temp under ``root``."""

    name = "nginx"

    def __init__(
        self,
        root: str | os.PathLike[str],
        *,
        http_port: int,
        https_port: int,
        listen: Sequence[str] = ("127.0.0.1",),
        binary: str = "nginx",
        user: str | None = None,
        workers: int | str = 1,
        templates: Templates | None = None,
    ) -> None:
        super().__init__(root)
        self.http_port = http_port
        self.https_port = https_port
        self.listen = list(listen)
        self.binary = binary
        # as root, workers keep root's identity so they can read any docroot
        # polypanel wrote; unprivileged, nginx ignores the directive anyway
        self.user = user if user is not None else (pwd.getpwuid(0).pw_name if os.geteuid() == 0 else None)
        self.workers = workers
        self.templates = templates or Templates()
        self.conf_path = self.root / "nginx.conf"
        self.sites_dir = self.root / "sites"
        self.logs_dir = self.root / "logs"
        self.temp_dir = self.root / "temp"

    @property
    def error_log(self) -> Path:
        return self.logs_dir / "error.log"

    def write_config(self) -> None:
        for directory in (self.sites_dir, self.logs_dir, self.temp_dir):
            directory.mkdir(parents=True, exist_ok=True)
        ensure_self_signed(self.root / "default.crt", self.root / "default.key", ["localhost"])
        text = self.templates.render(
            "nginx/nginx.conf.j2",
            user=self.user if os.geteuid() == 0 else None,
            workers=self.workers,
            pid_file=str(self.pid_file),
            logs_dir=str(self.logs_dir),
            temp_dir=str(self.temp_dir),
            listen=[listen_prefix(a) for a in self.listen],
            http_port=self.http_port,
            https_port=self.https_port,
            default_cert=str(self.root / "default.crt"),
            default_key=str(self.root / "default.key"),
            sites_dir=str(self.sites_dir),
        )
        write_file_atomic(self.conf_path, text)

    def command(self) -> list[str]:
        return [self.binary, "-p", str(self.root), "-c", str(self.conf_path)]

    def ready(self) -> bool:
        host = self.listen[0] if self.listen[0] not in ("*", "") else "127.0.0.1"
        return self.pid_file.exists() and accepts(host.strip("[]"), self.http_port)

    def backend(self) -> NginxBackend:
        return NginxBackend(
            self.conf_path,
            self.sites_dir,
            pid_file=self.pid_file,
            error_log=self.error_log,
            prefix=self.root,
            binary=self.binary,
        )


class NamedDaemon(Daemon):
    """BIND 9 ``named`` with config, zones, rndc key and logs under ``root``."""

    name = "named"
    key_name = "polypanel-rndc"

    def __init__(
        self,
        root: str | os.PathLike[str],
        *,
        port: int,
        listen: Sequence[str] = ("127.0.0.1",),
        control_port: int | None = None,
        binary: str = "named",
        rndc: str = "rndc",
        checkconf: str = "named-checkconf",
        templates: Templates | None = None,
    ) -> None:
        super().__init__(root)
        self.port = port
        self.listen = list(listen)
        self.control_port = control_port or free_port()
        self.binary = binary
        self.rndc_binary = rndc
        self.checkconf = checkconf
        self.templates = templates or Templates()
        self.conf_path = self.root / "named.conf"
        self.rndc_conf = self.root / "rndc.conf"
        self.zones_dir = self.root / "zones"
        self.data_dir = self.root / "data"
        self.log_file = self.root / "logs" / "named.log"

    def write_config(self) -> None:
        for directory in (self.zones_dir, self.data_dir, self.log_file.parent):
            directory.mkdir(parents=True, exist_ok=True)
        zones_conf = self.zones_dir / "zones.conf"
        if not zones_conf.exists():
            write_file_atomic(zones_conf, "")
        context = {
            "key_name": self.key_name,
            "key_secret": self._key_secret(),
            "control_port": self.control_port,
        }
        write_file_atomic(
            self.conf_path,
            self.templates.render(
                "bind/named.conf.j2",
                data_dir=str(self.data_dir),
                pid_file=str(self.pid_file),
                port=self.port,
                ipv4=[a for a in self.listen if ":" not in a],
                ipv6=[a.strip("[]") for a in self.listen if ":" in a],
                log_file=str(self.log_file),
                zones_conf=str(zones_conf),
                **context,
            ),
            0o600,
        )
        write_file_atomic(self.rndc_conf, self.templates.render("bind/rndc.conf.j2", **context), 0o600)

    def command(self) -> list[str]:
        return [self.binary, "-f", "-c", str(self.conf_path)]

    def ready(self) -> bool:
        if not self.pid_file.exists():
            return False
        query = dns.message.make_query("version.polypanel.invalid.", dns.rdatatype.SOA)
        try:
            dns.query.udp(query, self.listen[0].strip("[]"), port=self.port, timeout=0.2)
        except (dns.exception.DNSException, OSError):
            return False
        return accepts("127.0.0.1", self.control_port)

    def backend(self) -> BindBackend:
        return BindBackend(
            checkconf=self.checkconf,
            rndc=[self.rndc_binary, "-c", str(self.rndc_conf)],
            query_address=(self.listen[0].strip("[]"), self.port),
        )

    def _key_secret(self) -> str:
        key_file = self.data_dir / "rndc.secret"
        if key_file.exists():
            return key_file.read_text().strip()
        secret = base64.b64encode(secrets.token_bytes(32)).decode("ascii")
        write_file_atomic(key_file, secret, 0o600)
        return secret
