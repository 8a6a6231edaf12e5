"""What the README's test command (scripts/test.sh) installs for the tests, and the check that it is there.

A test that needs a daemon or a tool asks for it here. When it is missing, the test FAILS if the Debian
package that provides it is listed in scripts/debian-packages*.txt (scripts/test.sh installs those), and
for anything at all under CI=true or under scripts/test.sh (POLYPANEL_TEST_REQUIRE_ALL=1, which also
starts PostgreSQL and MariaDB); only elsewhere (a developer's partial install) does it skip.
So a run where a daemon failed to install cannot go green without its tests.
"""
from __future__ import annotations

import os
import shutil
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LISTS = ("scripts/debian-packages.txt", "scripts/debian-packages-test.txt")
# Where daemons live when /usr/sbin is not on a user's PATH.
SEARCH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/local/sbin", "/usr/sbin", "/sbin"])

# Each binary the tests use -> the Debian package that provides it.
PROVIDED_BY = {
    "nginx": "nginx",
    "named": "bind9",
    "named-checkconf": "bind9-utils",
    "named-checkzone": "bind9-utils",
    "rndc": "bind9-utils",
    "dig": "bind9-dnsutils",
    "curl": "curl",
    "pure-ftpd": "pure-ftpd",
    "pure-pw": "pure-ftpd",
    "postmap": "postfix",
    "doveadm": "dovecot-core",
    "dovecot": "dovecot-core",
    "chromium": "chromium",
    "chromedriver": "chromium-driver",
}


@cache
def listed_packages() -> frozenset[str]:
    names = set()
    for name in LISTS:
        path = ROOT / name
        if path.exists():
            for line in path.read_text().splitlines():
                line = line.split("#", 1)[0].strip()
                if line:
                    names.add(line.split()[0])
    return frozenset(names)


def in_ci() -> bool:
    flags = (os.environ.get("CI", ""), os.environ.get("POLYPANEL_TEST_REQUIRE_ALL", ""))
    return any(f.strip().lower() in ("1", "true", "yes") for f in flags)


def which(name: str) -> str | None:
    return shutil.which(name, path=SEARCH)


def must_be_there(packages: list[str]) -> bool:
    return in_ci() or any(p in listed_packages() for p in packages)


def missing(what: str, packages: list[str]) -> None:
    """Fail (listed package, or CI) or skip (otherwise) a test whose requirement is missing."""
    if must_be_there(packages):
        pytest.fail(f"{what}, but scripts/test.sh installs it ({', '.join(packages) or 'CI'}): the install "
                    "failed", pytrace=False)
    pytest.skip(what)


def require_binary(*names: str) -> None:
    absent = [name for name in names if which(name) is None]
    if absent:
        missing(f"{', '.join(absent)} not installed", sorted({PROVIDED_BY.get(n, n) for n in absent}))


def require_server(what: str, error: Exception) -> None:
    """A database server scripts/test.sh starts (PostgreSQL, MariaDB) could not be reached."""
    missing(f"{what} not reachable ({error})", [])
