"""The real web backend: ``nginx -t`` on staged config, SIGHUP to reload.

Validation copies the live main config with the sites directory's path
swapped for the staging directory's, so nginx checks exactly what would go
live, together with everything else the main config holds (but another pid
file: ``nginx -t`` would create the live one, empty, were nginx stopped).
Reload signals the master from the pid file, so any process can reload the
nginx a panel supervises; it retires the old workers as soon as new ones
exist, so clients never see the old config after the new, and waits until
the new workers run (or nginx logged why they do not).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from polypanel.provision.errors import ConfigError, ReloadFailed, ValidationFailed
from polypanel.provision.processes import alive, child_pids, cmdline_words, read_pid_file
from polypanel.provision.staging import Staging

_PID_DIRECTIVE = re.compile(r"^(\s*)pid\s+[^;]*;", re.M)


class NginxBackend:
    tool = "nginx"

    def __init__(
        self,
        conf_path: str | os.PathLike[str],
        sites_dir: str | os.PathLike[str],
        *,
        pid_file: str | os.PathLike[str],
        error_log: str | os.PathLike[str] | None = None,
        prefix: str | os.PathLike[str] | None = None,
        binary: str = "nginx",
        reload_timeout: float = 15.0,
    ) -> None:
        self.conf_path = Path(conf_path)
        self.sites_dir = Path(sites_dir)
        self.pid_file = Path(pid_file)
        self.error_log = Path(error_log) if error_log else None
        self.prefix = Path(prefix) if prefix else self.conf_path.parent
        self.binary = binary
        self.reload_timeout = reload_timeout

    def validate(self, staging: Staging, changed: Sequence[str]) -> Sequence[str]:
        main = self.conf_path.read_text(encoding="utf-8")
        if str(self.sites_dir) not in main:
            raise ConfigError(f"{self.conf_path} does not include {self.sites_dir}")
        fd, test_path = tempfile.mkstemp(prefix=".nginx-test-", suffix=".conf", dir=staging.path.parent)
        # ``nginx -t`` creates the pid file, empty, when it is missing: point it
        # elsewhere, or a stopped nginx would leave a pid file naming nobody.
        test_pid = f'pid "{test_path}.pid";'
        test_conf, found = _PID_DIRECTIVE.subn(f"\\1{test_pid}", main.replace(str(self.sites_dir), str(staging.path)))
        if not found:
            test_conf = f"{test_pid}\n{test_conf}"
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(test_conf)
            result = subprocess.run(
                [self.binary, "-t", "-q", "-p", str(self.prefix), "-c", test_path],
                capture_output=True,
                text=True,
            )
        finally:
            os.unlink(test_path)
            Path(f"{test_path}.pid").unlink(missing_ok=True)
        if result.returncode != 0:
            message = _nginx_message(result.stderr or result.stdout, staging.path)
            culprits = re.findall(re.escape(str(staging.path)) + r"/([^\s:/\"]+)", result.stderr)
            raise ValidationFailed(self.tool, message, culprits)
        return ()

    def reload(self) -> None:
        pid = self._master_pid()
        before = child_pids(pid)
        log_offset = self._log_size()
        os.kill(pid, signal.SIGHUP)
        deadline = time.monotonic() + self.reload_timeout
        retired = False
        while time.monotonic() < deadline:
            children = child_pids(pid)
            if children - before and not retired:
                # The master lets the old workers accept for another 100 ms after
                # starting new ones, so a client could get the new config and then
                # the old one again.  Retire them now: until the new workers
                # accept, connections wait in the shared listen queue.
                for old in before:
                    _signal(old, signal.SIGQUIT)
                retired = True
            if children - before and all(_retiring(old) for old in children & before):
                time.sleep(0.01)  # the retiring workers close their listeners right after
                return
            failure = self._new_emergency(log_offset)
            if failure:
                raise ReloadFailed(self.tool, failure)
            time.sleep(0.01 if retired else 0.001)
        raise ReloadFailed(self.tool, f"no new workers {self.reload_timeout:.0f}s after SIGHUP to {pid}")

    def _master_pid(self) -> int:
        pid = read_pid_file(self.pid_file)
        if pid is None:
            raise ReloadFailed(self.tool, f"nginx is not running ({self.pid_file} is missing or empty)")
        words = cmdline_words(pid)
        if not alive(pid) or not words or Path(words[0].rstrip(":")).name not in ("nginx", Path(self.binary).name):
            raise ReloadFailed(self.tool, f"nginx is not running ({self.pid_file} names pid {pid}, not an nginx)")
        return pid

    def _log_size(self) -> int:
        try:
            return self.error_log.stat().st_size if self.error_log else 0
        except FileNotFoundError:
            return 0

    def _new_emergency(self, offset: int) -> str | None:
        if not self.error_log:
            return None
        try:
            with self.error_log.open("rb") as handle:
                handle.seek(offset)
                new = handle.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return None
        for line in new.splitlines():
            if "[emerg]" in line:
                return line.split("[emerg]", 1)[1].strip()
        return None


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except OSError:
        pass


def _retiring(pid: int) -> bool:
    """An old worker that got the master's QUIT sets this process title."""
    try:
        return b"shutting down" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True


def _nginx_message(output: str, staging: Path) -> str:
    lines = [line for line in output.splitlines() if "[emerg]" in line or "[crit]" in line]
    text = "\n".join(line.split("] ", 1)[-1] for line in lines) or output.strip()
    return re.sub(r"^\d+#\d+: ", "", text, flags=re.M).replace(str(staging), "<staged>")
