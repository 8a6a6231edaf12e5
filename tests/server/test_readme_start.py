"""The README's start command, exactly as written, on a fresh clone of this repository.

The clone is of the repository's committed HEAD (uncommitted changes are not in it). Its
`scripts/install.sh` makes a real virtual environment (pip reuses its cache). The only things
set from outside are the ports, through a panel.ini in the clone's ./var (the default data dir):
as root the panel's nginx and named would otherwise take ports 80, 443 and 53 of this machine.
And POLYPANEL_BIN_DIR, so that the commands go into a temporary directory, not /usr/local/bin.
"""
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from polypanel.core.settings import machine_fqdn
from polypanel.server.config import LISTENERS

from tests.conftest import PG_URL, free_port

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(PG_URL != "", reason="the README's start command uses SQLite: run once, in the SQLite pass")


def _wait_for(path: Path, text: str, proc: subprocess.Popen, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        out = path.read_text(errors="replace")
        if text in out:
            return out
        if proc.poll() is not None:
            raise AssertionError(f"the start command exited with {proc.returncode}:\n{out}")
        time.sleep(0.5)
    raise AssertionError(f"the start command did not print {text!r} in {timeout} s:\n{path.read_text()}")


def test_readme_start_command_on_a_fresh_clone(tmp_path):
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    readme = (REPO / "README.md").read_text()
    assert "bash scripts/start.sh " in readme  # the command this test runs, as the README gives it
    clone = tmp_path / "polypanel"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True, timeout=120)

    ports = {name: (free_port() if name.startswith("plesk") else 0) for name in LISTENERS}
    (clone / "var").mkdir()
    (clone / "var" / "panel.ini").write_text(
        "[polypanel]\n" + "".join(f"{LISTENERS[n][0]} = {p}\n" for n, p in ports.items())
        + f"[web]\nhttp_port = {free_port()}\nhttps_port = {free_port()}\n[dns]\nport = {free_port()}\n")
    bin_dir = tmp_path / "bin"
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLYPANEL_") or k == "POLYPANEL_ARGON2_PROFILE"}
    env["POLYPANEL_BIN_DIR"] = str(bin_dir)
    log = tmp_path / "start.log"
    with open(log, "w") as out:
        # As the README says: from the checkout, `bash scripts/start.sh`.
        proc = subprocess.Popen(["bash", "scripts/start.sh"], cwd=clone, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        output = _wait_for(log, "polypanel listening on", proc, timeout=400)
        password = re.search(r"Administrator login: admin\s+password: (\S+)", output).group(1)
        data_dir = clone / "var"
        assert f"Data dir:    {data_dir}" in output and f"Config file: {data_dir / 'panel.ini'}" in output
        base = f"https://127.0.0.1:{ports['plesk_https']}/api/v2/"
        assert f"Plesk REST API v2:  {base}" in output and f"{base}playground" in output

        r = httpx.get(base + "server", auth=("admin", password), verify=False, timeout=30)
        assert r.status_code == 200, r.text
        assert r.json()["hostname"] == machine_fqdn()
        assert httpx.get(base + "server", auth=("admin", "not-" + password), verify=False, timeout=30).status_code == 401

        # The relative ./var was made absolute for the daemons too: the panel's nginx serves.
        if "Web (nginx, run by the panel)" in output:
            assert (data_dir / "provision" / "nginx" / "nginx.conf").read_text().count(str(data_dir)) > 0

        # The commands are on the PATH given, and find this panel's data dir from anywhere.
        for name in ("polypanel", "plesk"):
            assert os.access(bin_dir / name, os.X_OK), name
        listing = subprocess.run([str(bin_dir / "polypanel"), "customer", "list"], cwd=tmp_path, env=env,
                                 capture_output=True, text=True, timeout=120)
        assert listing.returncode == 0 and listing.stdout.strip() == "(none)", listing
        assert not (tmp_path / "var").exists()
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise
    assert code == 0, log.read_text()
    assert log.read_text().rstrip().endswith("polypanel stopped")
    assert "Traceback" not in log.read_text()
