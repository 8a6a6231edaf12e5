"""cPanel's published API-token examples (Perl HTTP::Tiny, PHP curl), run as published with only the
host, port and token changed: they print the accounts."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .fixtures import unique

SEEDS = Path(__file__).parent / "seeds"


@pytest.fixture
def accounts(admin_whm):
    users = [unique("sd") for _ in range(2)]
    for user in users:
        admin_whm.ok("createacct", username=user, domain=f"{user}.example", password="Seed-Passw0rd!x")
    token = admin_whm.ok("api_token_create", token_name=unique("seed"))["data"]["token"]
    yield users, token
    for user in users:
        admin_whm.call("removeacct", user=user)


def _script(name: str, whm, token: str, tmp_path: Path) -> Path:
    text = (SEEDS / name).read_text()
    text = text.replace("MYAPITOKEN", token).replace("127.0.0.1:2087", f"127.0.0.1:{whm.ports['whm_https']}")
    path = tmp_path / name
    path.write_text(text)
    return path


def _check(out: subprocess.CompletedProcess, users: list[str]) -> None:
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "[+] Current cPanel users on the system:", out.stdout
    listed = {line.strip() for line in lines[1:]}
    assert set(users) <= listed


def test_perl_http_tiny(whm, accounts, tmp_path):
    users, token = accounts
    assert shutil.which("perl"), "perl is in scripts/debian-packages.txt"
    out = subprocess.run(["perl", str(_script("listaccts.pl", whm, token, tmp_path))], capture_output=True, text=True,
                         timeout=60)
    _check(out, users)


def test_php_curl(whm, accounts, tmp_path):
    users, token = accounts
    assert shutil.which("php"), "php-cli and php-curl are in scripts/debian-packages-test.txt"
    # The example opens with a short tag ("<?"); Debian's php.ini turns short tags off.
    out = subprocess.run(["php", "-d", "short_open_tag=On", str(_script("listaccts.php", whm, token, tmp_path))],
                         capture_output=True, text=True, timeout=60)
    _check(out, users)
