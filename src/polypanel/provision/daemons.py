"""A small supervisor for nginx and BIND run by polypanel itself.

Each daemon lives entirely under its own state directory (config, pid, logs,
temp files), runs in the foreground as a child process on the given
(loopback, high) ports, and touches nothing under /etc.  Tests and
``polypanel serve`` in stand-in mode use these; production may instead point
the appliers at the system's daemons.
"""

from __future__ import annotations

import base64
import fcntl
import logging
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
from polypanel.provision.ports import accepts, free_port, port_free
from polypanel.provision.processes import (
    cmdline_words,
    pids_with_argument,
    read_pid_file,
    spawn_supervised,
    stop_process,
    terminate,
    wait_until,
)
from polypanel.provision.staging import write_file_atomic
from polypanel.provision.templates import Templates
from polypanel.provision.web import listen_prefix

log = logging.getLogger("polypanel.provision")


class Daemon:
    """Start/stop of one foreground child process with a pid file.

    While a panel supervises the daemon it holds an exclusive lock on
    ``<root>/<name>.lock``; another panel on the same state directory is
    refused instead of fighting over it.  A daemon of the same config left
    by a supervisor that died (its pid file may be stale or empty) is
    stopped before the new one starts.  The child gets SIGTERM when the
    supervising process dies, even by SIGKILL, so it is not left behind.
    Other processes (``polypanel reconcile``) drive a running daemon through
    its pid file and control channel without starting it.
    """

    name = "daemon"

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.process: subprocess.Popen[bytes] | None = None
        self.pid_file = self.root / f"{self.name}.pid"
        self.conf_path = self.root / f"{self.name}.conf"
        self.lock_file = self.root / f"{self.name}.lock"
        self.stderr_log = self.root / "logs" / f"{self.name}.stderr.log"
        self._lock_fd: int | None = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def command(self) -> list[str]:
        raise NotImplementedError

    def write_config(self) -> None:
        raise NotImplementedError

    def ready(self) -> bool:
        raise NotImplementedError

    def program(self) -> str:
        return Path(self.command()[0]).name

    def start(self, timeout: float = 20.0) -> None:
        if self.running:
            return
        self._acquire_lock()
        try:
            self.write_config()
            self._stop_leftover()
            self.before_start()
            self.pid_file.unlink(missing_ok=True)
            self.stderr_log.parent.mkdir(parents=True, exist_ok=True)
            with self.stderr_log.open("ab") as stderr:
                self.process = spawn_supervised(
                    self.command(), stdin=subprocess.DEVNULL, stdout=stderr, stderr=stderr, start_new_session=True
                )
            if not wait_until(lambda: not self.running or self._started(), timeout) or not self.running:
                self.stop()
                tail = self.stderr_log.read_text(errors="replace")[-2000:]
                raise DaemonError(f"{self.name} did not start: {tail}")
        except BaseException:
            self.stop()
            raise

    def before_start(self) -> None:
        """Last adjustments once no leftover daemon holds our resources."""

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is not None:
            stop_process(self.process, signal.SIGTERM, timeout)
            self.process = None
        self._release_lock()

    def __enter__(self) -> Daemon:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _started(self) -> bool:
        """Our child wrote its pid file (not a leftover's, nor an empty one) and answers."""
        assert self.process is not None
        return read_pid_file(self.pid_file) == self.process.pid and self.ready()

    def leftover_pids(self) -> list[int]:
        """Running daemons of this config that are not our child, found by
        command line (the pid file may be stale, empty or gone)."""
        ours = self.process.pid if self.process is not None else None
        found = []
        for pid in pids_with_argument(str(self.conf_path)):
            words = cmdline_words(pid)  # nginx's title: "nginx: master process nginx -p ..."
            if pid != ours and words and Path(words[0].rstrip(":")).name == self.program():
                found.append(pid)
        return found

    def _stop_leftover(self) -> None:
        """Daemons a previous supervisor left behind (it died without stopping them)."""
        for pid in self.leftover_pids():
            log.warning("stopping %s (pid %d) left running on %s by a previous panel", self.name, pid, self.root)
            if not terminate(pid):
                raise DaemonError(f"{self.name} pid {pid} left on {self.root} does not stop")

    def _acquire_lock(self) -> None:
        if self._lock_fd is not None:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise DaemonError(f"{self.name} on {self.root} is supervised by another process (pid {holder})") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._lock_fd = fd

    def _release_lock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


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
        _write_if_changed(self.conf_path, text)

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
        self.binary = binary
        self.rndc_binary = rndc
        self.checkconf = checkconf
        self.templates = templates or Templates()
        self.rndc_conf = self.root / "rndc.conf"
        self.zones_dir = self.root / "zones"
        self.data_dir = self.root / "data"
        self.log_file = self.root / "logs" / "named.log"
        # Unless configured, the control port is chosen once and kept in the
        # state dir: every process that builds this daemon for the same root
        # (the serving panel, ``polypanel reconcile``) must talk to the same one.
        self.control_port_file = self.data_dir / "control.port"
        self.fixed_control_port = control_port is not None
        self.control_port = control_port or self._saved_control_port() or free_port()

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
        _write_if_changed(self.control_port_file, f"{self.control_port}\n", 0o644)
        _write_if_changed(
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
        _write_if_changed(self.rndc_conf, self.templates.render("bind/rndc.conf.j2", **context), 0o600)

    def before_start(self) -> None:
        if not self.fixed_control_port and not port_free(self.control_port):
            self.control_port = free_port()
            self.write_config()

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

    def _saved_control_port(self) -> int | None:
        try:
            port = int(self.control_port_file.read_text().strip())
        except (OSError, ValueError):
            return None
        return port if 0 < port < 65536 else None

    def _key_secret(self) -> str:
        key_file = self.data_dir / "rndc.secret"
        if key_file.exists():
            return key_file.read_text().strip()
        secret = base64.b64encode(secrets.token_bytes(32)).decode("ascii")
        write_file_atomic(key_file, secret, 0o600)
        return secret


def _write_if_changed(path: Path, text: str, mode: int = 0o644) -> None:
    """Config other processes build the same way is rewritten only when it differs."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    write_file_atomic(path, text, mode)
