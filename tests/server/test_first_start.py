"""What a newcomer meets on the first starts: a taken port, a lost password, panel.ini, the host name."""
import os
import re
import shutil
import socket
import time
import subprocess
from configparser import ConfigParser

import httpx
import pytest

from polypanel.server.config import KEYS

from tests.conftest import ADMIN_PASSWORD, backend
from tests.panel_process import BIN

PASSWORD_LINE = re.compile(r"login: admin\s+password: (\S+)")


def _serve(p, timeout=60) -> subprocess.CompletedProcess:
    cmd = [str(BIN), "--data-dir", str(p.data_dir)] + (["--database-url", p.database_url] if p.database_url else [])
    return subprocess.run(cmd + ["serve"], capture_output=True, text=True, timeout=timeout, env=p.env())


def _server(p, password: str) -> int:
    return httpx.get(p.url("plesk_https", "/api/v2/server"), auth=("admin", password), verify=False, timeout=30).status_code


def _eventually(probe, want, within: float = 6.0):
    deadline = time.monotonic() + within
    got = probe()
    while got != want and time.monotonic() < deadline:
        time.sleep(0.25)
        got = probe()
    return got == want


def test_taken_port_is_named_with_its_key_and_the_password_comes_with_the_first_start_that_works(panel_process):
    p = panel_process(admin_password=None)
    port = p.ports["plesk_https"]
    with socket.socket() as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", port))
        squatter.listen()
        r = _serve(p)
    assert r.returncode != 0
    out = r.stdout + r.stderr
    assert "Traceback" not in out
    assert f"port {port} on 127.0.0.1" in out and "plesk_https_port" in out and str(p.data_dir / "panel.ini") in out
    assert "password:" not in out  # nothing was shown that the next start would not show again

    p.start()
    found = PASSWORD_LINE.findall(p.read_output())
    assert len(found) == 1
    assert _server(p, found[0]) == 200
    p.stop()
    p.start()
    assert len(PASSWORD_LINE.findall(p.read_output())) == 1  # shown once


def test_two_things_on_one_port_is_a_clear_error(panel_process):
    p = panel_process(admin_password=None)
    ini = p.data_dir / "panel.ini"
    ini.write_text(ini.read_text().replace(f"plesk_http_port = {p.ports['plesk_http']}",
                                           f"plesk_http_port = {p.ports['plesk_https']}"))
    r = _serve(p)
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert "plesk_http_port" in r.stderr and "plesk_https_port" in r.stderr


@pytest.mark.daemon
def test_taken_dns_port_names_the_dns_key(panel_process, tmp_path):
    if not all(shutil.which(b) for b in ("named", "named-checkconf", "rndc")):
        pytest.skip("BIND is not installed")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as squatter:
        squatter.bind(("127.0.0.1", 0))
        port = squatter.getsockname()[1]
        extra = "".join(f"[{s}]\napplier = dry\n" for s in ("web", "databases", "mail", "ftp"))
        p = panel_process(extra_ini=extra + f"[dns]\napplier = bind\nport = {port}\n")
        r = _serve(p)
    assert r.returncode != 0 and "Traceback" not in r.stdout + r.stderr
    assert f"port {port} on 127.0.0.1" in r.stderr and "[dns] port" in r.stderr


def test_set_password_on_the_box_then_log_in_with_it(panel_process):
    p = panel_process().start()
    assert _server(p, ADMIN_PASSWORD) == 200

    r = p.cli("admin", "--set-password", "N3w-Admin-Pass")
    assert "changed" in r.stdout
    assert _server(p, "N3w-Admin-Pass") == 200
    # A password verified moments ago is reused for up to 2 s by another process (auth/verified_cache.py).
    assert _eventually(lambda: _server(p, ADMIN_PASSWORD), 401)

    # Read from standard input (no terminal), so it stays out of the shell's history.
    cmd = [str(BIN), "admin", "--set-password", "--data-dir", str(p.data_dir)]
    cmd += ["--database-url", p.database_url] if p.database_url else []
    r = subprocess.run(cmd, input="Fr0m-Stdin-Pass\n", capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert _server(p, "Fr0m-Stdin-Pass") == 200

    # As on Plesk.
    env = dict(os.environ, POLYPANEL_DATA_DIR=str(p.data_dir))
    if p.database_url:
        env["POLYPANEL_DATABASE_URL"] = p.database_url
    plesk = BIN.parent / "plesk"
    r = subprocess.run([str(plesk), "bin", "admin", "--set-admin-password", "-passwd", "Pl3sk-Way-Pass"], env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "SUCCESS" in r.stdout, r.stderr
    assert _server(p, "Pl3sk-Way-Pass") == 200

    # The policy holds here too, and its message says how to relax it.
    r = p.cli("admin", "--set-password", "password", check=False)
    assert r.returncode == 1 and "password_strength" in r.stderr and "Traceback" not in r.stderr
    assert _server(p, "Pl3sk-Way-Pass") == 200


def test_weak_password_400_names_the_setting_that_relaxes_the_policy(panel_process):
    p = panel_process().start()
    with p.client(auth=("admin", ADMIN_PASSWORD)) as api:
        r = api.post("/api/v2/clients", json={"name": "Seed", "login": "seed", "password": "password",
                                              "email": "s@seed.test", "type": "customer"})
    assert r.status_code == 400, r.text
    assert "password_strength" in r.text


def test_first_start_writes_panel_ini_with_every_key_commented_out(tmp_path):
    data_dir = tmp_path / "var"
    r = subprocess.run([str(BIN), "customer", "list", "--data-dir", str(data_dir)], capture_output=True, text=True,
                       timeout=60, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    text = (data_dir / "panel.ini").read_text()
    ini = ConfigParser(interpolation=None)
    ini.read_string(text)
    assert all(not ini.options(s) for s in ini.sections())  # every key is commented out: defaults hold
    assert set(ini.sections()) == set(KEYS)
    for section, keys in KEYS.items():
        for key, default, _help in keys:
            assert f";{key} = {default}".replace("DATA_DIR", str(data_dir)).rstrip() in text, (section, key)
    assert "DATA_DIR" not in text
    # Uncommenting a line is all it takes.
    (data_dir / "panel.ini").write_text(text.replace(";password_strength = strong", "password_strength = weak"))
    r = subprocess.run([str(BIN), "--data-dir", str(data_dir), "customer", "create", "easy", "--password", "easy1"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr


@pytest.mark.skipif(backend() != "sqlite", reason="uses the default SQLite store")
def test_relative_data_dir_is_made_absolute(tmp_path):
    from polypanel.server.runtime import open_runtime

    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        rt = open_runtime("./var", admin_password=ADMIN_PASSWORD)
    finally:
        os.chdir(cwd)
    try:
        assert rt.config.data_dir == tmp_path / "var"
        assert rt.config.config_file == tmp_path / "var" / "panel.ini"
        assert str(tmp_path / "var" / "panel.db") in rt.config.database_url
        assert rt.env.data_dir == str(tmp_path / "var")
    finally:
        rt.panel.engine.dispose()


def test_host_name_defaults_to_the_machines_fqdn(monkeypatch):
    from polypanel.core import settings

    monkeypatch.setattr(settings.socket, "gethostname", lambda: "vm")
    monkeypatch.setattr(settings.socket, "getfqdn", lambda *a: "localhost")  # /etc/hosts maps it to 127.0.0.1
    monkeypatch.setattr(settings.socket, "getaddrinfo", lambda *a, **k: [(2, 1, 6, "vm.example.net", ("127.0.0.1", 0))])
    assert settings.CoreSettings().hostname == "vm.example.net"
    monkeypatch.setattr(settings.socket, "getaddrinfo", lambda *a, **k: [(2, 1, 6, "localhost", ("127.0.0.1", 0))])
    assert settings.CoreSettings().hostname == "vm"  # as `hostname -f` says on such a machine

