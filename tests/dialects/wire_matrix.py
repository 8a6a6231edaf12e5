"""The per-resource wire test every dialect inherits (NetBox-style), run in-process without a server.

A dialect's test module subclasses ``WireMatrix`` and fills in a few lines of data:

- ``listener``: the listener the dialect is served on (its app is built in-process);
- ``resources``: for each resource, how to make one object for a tenant (through the core) and
  the requests that read, change and delete it;
- ``credentials(caller)``: the headers (or query) of each kind of caller;
- ``outcome(response)``: "ok", "denied" (no or bad credentials, or not allowed) or "missing"
  (not found), read from the dialect's own wire format;
- ``expected``: what each caller gets, per kind of caller.

The callers: ``anonymous`` (no credentials), ``other`` (a customer of another tenant, acting on
this tenant's object), ``owner`` (the object's own customer) and ``admin``. An ``other`` caller
must never learn that the object exists: its answer is the same as for an object that does not.
"""
from __future__ import annotations

import itertools
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable

import pytest
from starlette.testclient import TestClient

from polypanel.auth import keys
from polypanel.auth.authenticator import Authenticator
from polypanel.core import accounts, databases, dns, domains, subscriptions
from polypanel.dialects.environment import DialectEnv, Listener
from polypanel.server.apps import build_app

PASSWORD = "Tenant-Passw0rd!"
SERIAL = itertools.count(1)


@dataclass(frozen=True)
class Resource:
    name: str
    make: Callable  # (panel, owner_login, tenant: dict) -> object reference (id or name)
    requests: dict  # verb -> (ref) -> (method, path, kwargs for the test client)


class Tenants:
    """Two customers, each with a subscription and a secret key, on an in-process app."""

    def __init__(self, panel, listener: Listener):
        self.panel = panel
        env = DialectEnv(panel=panel, auth=Authenticator(panel), data_dir=".")
        self.app = build_app(env, listener)
        admin = panel.admin()
        self.keys = {}
        self.tenants = {}
        with panel.context(admin) as ctx:
            for name in ("alice", "bob"):
                acc = accounts.create(ctx, role="customer", login=f"wm{name}", password=PASSWORD,
                                      email=f"{name}@example.com")
                sub = subscriptions.create(ctx, domain=f"wm-{name}.example", owner_id=acc.id)
                self.tenants[name] = {"login": acc.login, "domain": f"wm-{name}.example", "subscription_id": sub.id}
            _row, self.keys["admin"] = keys.create(ctx, ips=["127.0.0.1"], description="wm")
        for name in ("alice", "bob"):
            with panel.context(panel.principal_for(f"wm{name}")) as ctx:
                _row, self.keys[name] = keys.create(ctx, ips=["127.0.0.1"], description="wm")

    def client(self) -> TestClient:
        return TestClient(self.app, base_url="https://testserver", raise_server_exceptions=True, client=("127.0.0.1", 50000))


# --- objects a tenant makes through the core, for the dialects' resource tables ---------------------


@contextmanager
def as_tenant(panel, tenant):
    with panel.context(panel.principal_for(tenant["login"])) as ctx:
        yield ctx


def new_record(panel, tenant) -> tuple[int, str, str]:
    """A TXT record in the tenant's zone: (id, the host name as stored, value)."""
    host, value = "m", f"matrix{next(SERIAL)}"  # relative to the zone
    with as_tenant(panel, tenant) as ctx:
        rec = dns.add_record(ctx, dns.get_zone(ctx, name=tenant["domain"]), type="TXT", host=host, value=value)
        return rec.id, rec.name, rec.value


def new_addon(panel, tenant) -> tuple[int, str]:
    """An add-on domain of the tenant's subscription: (id, ASCII name)."""
    with as_tenant(panel, tenant) as ctx:
        sub = domains.get(ctx, name=tenant["domain"]).subscription
        d = domains.create(ctx, subscription=sub, name=f"site{next(SERIAL)}-{tenant['domain']}", kind="addon")
        return d.id, d.ascii_name


def new_database(panel, tenant) -> tuple[int, str]:
    """A MySQL database of the tenant's subscription, named with its system user's prefix: (id, name)."""
    with as_tenant(panel, tenant) as ctx:
        sub = domains.get(ctx, name=tenant["domain"]).subscription
        db = databases.create(ctx, subscription=sub, name=f"{sub.system_user}_db{next(SERIAL)}", type="mysql")
        return db.id, db.name


class WireMatrix:
    listener: Listener
    resources: list[Resource] = []
    expected = {"anonymous": "denied", "other": "missing", "owner": "ok", "admin": "ok"}

    def credentials(self, tenants: Tenants, caller: str) -> dict:
        raise NotImplementedError

    def outcome(self, response) -> str:
        raise NotImplementedError

    @pytest.fixture
    def tenants(self, panel):
        return Tenants(panel, self.listener)

    def _caller_key(self, caller: str) -> str | None:
        return {"anonymous": None, "other": "bob", "owner": "alice", "admin": "admin"}[caller]

    @pytest.mark.parametrize("caller", ["anonymous", "other", "owner", "admin"])
    def test_matrix(self, tenants, caller):
        assert self.resources, "a dialect's matrix lists its resources"
        with tenants.client() as http:
            for resource in self.resources:
                for verb in ("read", "change", "delete"):
                    if verb not in resource.requests:
                        continue
                    ref = resource.make(tenants.panel, tenants.tenants["alice"])
                    method, path, kwargs = resource.requests[verb](ref)
                    who = self._caller_key(caller)
                    headers = self.credentials(tenants, who) if who else {}
                    r = http.request(method, path, headers={**headers, **kwargs.pop("headers", {})}, **kwargs)
                    want = self.expected[caller]
                    assert self.outcome(r) == want, f"{resource.name} {verb} as {caller}: {r.status_code} {r.text[:300]}"
                    if caller == "other":
                        # The refusal does not tell the object apart from one that does not exist.
                        method, path, kwargs = resource.requests[verb](self.missing_ref(ref))
                        r2 = http.request(method, path, headers={**headers, **kwargs.pop("headers", {})}, **kwargs)
                        assert (r2.status_code, self.outcome(r2)) == (r.status_code, want), resource.name

    def missing_ref(self, ref):
        return 2_000_000_000 if isinstance(ref, int) else f"missing-{ref}"
