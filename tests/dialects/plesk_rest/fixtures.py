"""Real ``polypanel serve`` processes for the Plesk REST API tests, and clients for them.

Servers are shared per test session (per xdist worker); on PostgreSQL runs each gets a fresh
database (tests/conftest.py's ``_pg``), dropped at the end of the session.
"""
from __future__ import annotations

import uuid

import httpx
import pytest

from tests.conftest import ADMIN_PASSWORD
from tests.panel_process import PanelProcess

API = "/api/v2"


def unique(prefix: str = "t") -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def client(server: PanelProcess, *, auth=None, key: str | None = None, listener: str = "plesk_https",
           source_ip: str | None = None, headers: dict | None = None) -> httpx.Client:
    """A client of the server's REST API (base URL .../api/v2), from ``source_ip`` if given (a loopback address)."""
    transport = httpx.HTTPTransport(verify=False, local_address=source_ip) if source_ip else None
    h = {"Accept": "application/json", **(headers or {})}
    if key is not None:
        h["X-API-Key"] = key
    return httpx.Client(base_url=server.url(listener, API), verify=False, timeout=60, auth=auth, headers=h,
                        transport=transport)


class Servers:
    def __init__(self, tmp_path_factory, pg):
        self.tmp = tmp_path_factory
        self.pg = pg
        self.started: list[PanelProcess] = []

    def start(self, name: str, extra_ini: str = "", admin_password: str = ADMIN_PASSWORD) -> PanelProcess:
        db = self.pg.fresh(migrated=False) if self.pg is not None else None
        p = PanelProcess(self.tmp.mktemp(name), database_url=db, admin_password=admin_password,
                         listeners=("plesk_https", "plesk_http"), extra_ini=extra_ini)
        self.started.append(p)
        return p.start(timeout=60)

    def stop_all(self) -> None:
        for p in self.started:
            p.stop()


@pytest.fixture(scope="session")
def plesk_servers(tmp_path_factory, _pg):
    servers = Servers(tmp_path_factory, _pg)
    yield servers
    servers.stop_all()


@pytest.fixture(scope="session")
def plesk(plesk_servers) -> PanelProcess:
    """The shared server with default settings."""
    return plesk_servers.start("plesk")


@pytest.fixture(scope="session")
def admin_api(plesk):
    with client(plesk, auth=("admin", ADMIN_PASSWORD)) as c:
        yield c


class World:
    """Objects made through the API for a test: a customer with a subscription."""

    def __init__(self, api: httpx.Client):
        self.api = api
        self.login = unique("cust")
        r = api.post("/clients", json={"name": "Test Customer", "login": self.login, "password": "Cust0mer-Pass!",
                                       "email": f"{self.login}@example.com", "type": "customer"})
        assert r.status_code == 201, r.text
        self.client_id = r.json()["id"]
        self.domain = f"{unique('site')}.example"
        r = api.post("/domains", json={"name": self.domain, "owner_client": {"login": self.login},
                                       "hosting_type": "virtual",
                                       "hosting_settings": {"ftp_login": unique("u"), "ftp_password": "Ftp-Passw0rd!"}})
        assert r.status_code == 201, r.text
        self.domain_id = r.json()["id"]


@pytest.fixture
def world(admin_api) -> World:
    return World(admin_api)
