"""A real ``polypanel serve`` with the WHM (and Plesk) listeners, shared per test session, and WHM clients."""
from __future__ import annotations

import uuid

import httpx
import pytest

from tests.conftest import ADMIN_PASSWORD
from tests.panel_process import PanelProcess

LISTENERS = ("whm_https", "whm_http", "cpanel_https", "cpanel_http", "webmail_https", "webmail_http", "plesk_https")


def unique(prefix: str = "w") -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


class Whm:
    """A WHM API client: ``call("listaccts", search=...)`` returns the decoded JSON (API 1 unless version=0)."""

    def __init__(self, server: PanelProcess, *, auth=None, token: str | None = None, scheme: str = "whm",
                 listener: str = "whm_https", user: str = "root"):
        headers = {}
        if token is not None:
            headers["Authorization"] = f"{scheme} {user}:{token}"
        self.http = httpx.Client(base_url=server.url(listener), verify=False, timeout=60, auth=auth, headers=headers)

    def raw(self, function: str, version: int | None = 1, method: str = "GET", **params) -> httpx.Response:
        query = {"api.version": str(version)} if version is not None else {}
        if method == "GET":
            return self.http.get(f"/json-api/{function}", params={**query, **params})
        return self.http.post(f"/json-api/{function}", params=query, data=params)

    def call(self, function: str, version: int | None = 1, **params) -> dict:
        r = self.raw(function, version, **params)
        assert r.status_code == 200, r.text
        return r.json()

    def ok(self, function: str, **params) -> dict:
        doc = self.call(function, **params)
        assert doc["metadata"]["result"] == 1, doc
        return doc


@pytest.fixture(scope="session")
def whm_servers(tmp_path_factory, _pg):
    started = []

    def start(name: str, extra_ini: str = "") -> PanelProcess:
        db = _pg.fresh(migrated=False) if _pg is not None else None
        p = PanelProcess(tmp_path_factory.mktemp(name), database_url=db, admin_password=ADMIN_PASSWORD,
                         listeners=LISTENERS, extra_ini=extra_ini)
        started.append(p)
        return p.start(timeout=60)

    yield start
    for p in started:
        p.stop()


# Tests fail credentials on purpose from 127.0.0.1: that address is trusted by the brute-force guard
# here, and test_whm_guard.py checks the guard from other loopback addresses.
TRUSTED = "[security]\ntrusted_ips = 127.0.0.1\n"


@pytest.fixture(scope="session")
def whm(whm_servers) -> PanelProcess:
    return whm_servers("whm", TRUSTED)


@pytest.fixture(scope="session")
def admin_whm(whm):
    return Whm(whm, auth=("root", ADMIN_PASSWORD))
