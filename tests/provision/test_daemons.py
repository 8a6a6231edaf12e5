"""The supervisor of nginx and named: stale pid files, daemons left by a dead
panel, daemons dying with their panel, and other processes driving them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from polypanel.provision.daemons import NamedDaemon, NginxDaemon
from polypanel.provision.errors import DaemonError, ProvisionError
from polypanel.provision.ports import free_port
from polypanel.provision.processes import alive, pids_with_argument, read_pid_file, wait_until
from polypanel.provision.specs import SiteSpec

from .conftest import http_get, require_binary
from .test_dns import ZONE, ask, real_applier as dns_applier
from .test_web import real_applier as web_applier

pytestmark = pytest.mark.daemon

SITE = SiteSpec("example.test", unicode_name="example.test")


def nginx_at(root: Path, nginx: NginxDaemon | None = None) -> NginxDaemon:
    """An NginxDaemon for ``root``, built the way each panel process builds it."""
    require_binary("nginx")
    if nginx is not None:
        return NginxDaemon(root, http_port=nginx.http_port, https_port=nginx.https_port)
    return NginxDaemon(root, http_port=free_port(), https_port=free_port())


def leftover(daemon: NginxDaemon | NamedDaemon) -> subprocess.Popen[bytes]:
    """The daemon as a panel that died left it: running on its config, not
    supervised by anyone here (own session, no death signal)."""
    daemon.write_config()
    process = subprocess.Popen(daemon.command(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    assert wait_until(lambda: read_pid_file(daemon.pid_file) == process.pid and daemon.ready(), 20)
    return process


def gone(process: subprocess.Popen[bytes]) -> bool:
    return process.poll() is not None


@pytest.mark.parametrize("content", ["", "\n", "garbage", "999999999", "1"])
def test_start_copes_with_a_stale_or_empty_pid_file(tmp_path, content):
    daemon = nginx_at(tmp_path / "nginx")
    daemon.root.mkdir(parents=True)
    daemon.pid_file.write_text(content)
    with daemon:
        assert read_pid_file(daemon.pid_file) == daemon.process.pid
        report = web_applier(daemon, tmp_path).apply([SITE])
        assert report.reloaded
        assert http_get("example.test", daemon.http_port)[0] == 200
    assert alive(1)  # "1" named init: it is not ours, so it was left alone


def test_start_stops_an_nginx_left_by_a_dead_panel_even_with_an_empty_pid_file(tmp_path):
    first = nginx_at(tmp_path / "nginx")
    old = leftover(first)
    try:
        first.pid_file.write_text("")  # what `nginx -t` used to leave
        second = nginx_at(first.root, first)
        with second:
            assert wait_until(lambda: gone(old), 5)
            assert second.process.pid != old.pid
            assert read_pid_file(second.pid_file) == second.process.pid
            web_applier(second, tmp_path).apply([SITE])
            assert http_get("example.test", second.http_port)[0] == 200
        assert pids_with_argument(str(first.conf_path)) == []
    finally:
        if old.poll() is None:
            old.kill()
        old.wait()


def test_start_stops_a_named_left_by_a_dead_panel(tmp_path):
    require_binary("named", "named-checkconf", "rndc")
    first = NamedDaemon(tmp_path / "named", port=free_port())
    old = leftover(first)
    try:
        second = NamedDaemon(first.root, port=first.port)
        assert second.control_port == first.control_port  # kept in the state dir
        with second:
            assert wait_until(lambda: gone(old), 5)
            dns_applier(second).apply([ZONE])
            assert ask(second, "example.test.", "A") == ["192.0.2.10"]
    finally:
        if old.poll() is None:
            old.kill()
        old.wait()


def test_a_second_supervisor_of_the_same_root_is_refused(nginx):
    other = nginx_at(nginx.root, nginx)
    with pytest.raises(DaemonError, match="supervised by another process"):
        other.start()
    assert nginx.running and not other.running
    nginx.stop()
    with other:  # once the first let go
        assert other.running


def test_another_process_drives_the_running_daemons(tmp_path, nginx, named):
    """`polypanel reconcile` builds the daemons for the same state dir without
    starting them, and applies through the running ones' pid file and rndc."""
    script = textwrap.dedent(f"""
        from pathlib import Path
        from polypanel.provision.daemons import NamedDaemon, NginxDaemon
        from polypanel.provision.specs import SiteSpec
        from tests.provision.test_dns import ZONE, real_applier as dns_applier
        from tests.provision.test_web import real_applier as web_applier
        tmp = Path({str(tmp_path)!r})
        nginx = NginxDaemon(tmp / "nginx", http_port={nginx.http_port}, https_port={nginx.https_port})
        nginx.write_config()
        named = NamedDaemon(tmp / "named", port={named.port})
        named.write_config()
        assert named.control_port == {named.control_port}, named.control_port
        for _ in range(2):
            web = web_applier(nginx, tmp).apply([SiteSpec("example.test", unicode_name="example.test")])
            zones = dns_applier(named).apply([ZONE])
            print(len(web.changed), web.reloaded, len(zones.changed), zones.reloaded)
    """)
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=root, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["1 True 1 True", "0 False 0 False"]
    assert http_get("example.test", nginx.http_port)[0] == 200
    assert ask(named, "example.test.", "A") == ["192.0.2.10"]


def test_applying_to_a_stopped_nginx_leaves_no_empty_pid_file(tmp_path):
    daemon = nginx_at(tmp_path / "nginx")
    daemon.write_config()
    with pytest.raises(ProvisionError) as failure:
        web_applier(daemon, tmp_path).apply([SITE])
    assert "nginx is not running" in str(failure.value)
    assert not daemon.pid_file.exists()  # `nginx -t` on the live config would create it, empty
    with daemon:  # and the next start is not misled by one
        assert http_get("example.test", daemon.http_port)[0] in (200, 404)


def test_daemons_die_with_a_killed_panel(tmp_path):
    require_binary("nginx", "named", "named-checkconf", "rndc")
    script = textwrap.dedent(f"""
        import sys, threading, time
        from pathlib import Path
        from polypanel.provision.daemons import NamedDaemon, NginxDaemon
        tmp = Path({str(tmp_path)!r})
        daemons = [NginxDaemon(tmp / "nginx", http_port={free_port()}, https_port={free_port()}),
                   NamedDaemon(tmp / "named", port={free_port()})]
        # started from a thread that ends at once, as `serve` starts them from a worker thread
        starter = threading.Thread(target=lambda: [d.start() for d in daemons])
        starter.start()
        starter.join()
        print(" ".join(str(d.process.pid) for d in daemons), flush=True)
        time.sleep(600)
    """)
    root = Path(__file__).resolve().parents[2]
    panel = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=root)
    try:
        pids = [int(pid) for pid in panel.stdout.readline().split()]
        assert len(pids) == 2 and all(alive(pid) for pid in pids)
        threading.Event().wait(0.5)  # the starting thread is long gone: the daemons are not
        assert all(alive(pid) for pid in pids)
        panel.send_signal(signal.SIGKILL)
        panel.wait()
        assert wait_until(lambda: not any(alive(pid) for pid in pids), 10)
    finally:
        if panel.poll() is None:
            panel.kill()
            panel.wait()
        for conf in (tmp_path / "nginx" / "nginx.conf", tmp_path / "named" / "named.conf"):
            for pid in pids_with_argument(str(conf)):
                os.kill(pid, signal.SIGKILL)
