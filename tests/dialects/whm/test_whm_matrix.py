"""The shared wire matrix for WHM: only the administrator (and resellers, on their own accounts) use it;
a customer's own credentials are refused with cPanel's 403, as cPanel refuses a cPanel user on WHM."""
import itertools

from polypanel.core import accounts, subscriptions
from polypanel.dialects.environment import Listener
from tests.conftest import ADMIN_PASSWORD

from ..wire_matrix import PASSWORD, Resource, WireMatrix

SERIAL = itertools.count(1)


def make_account(panel, tenant):
    with panel.context(panel.admin()) as ctx:
        owner = accounts.get(ctx, login=tenant["login"])
        sub = subscriptions.create(ctx, domain=f"wx{next(SERIAL)}-{tenant['login']}.example", owner_id=owner.id)
        return sub.system_user


def _q(function, **params):
    return ("GET", f"/json-api/{function}", {"params": {"api.version": "1", **params}})


class TestWhmMatrix(WireMatrix):
    listener = Listener(name="whm_https", port=2087, tls=True)
    expected = {"anonymous": "denied", "other": "denied", "owner": "denied", "admin": "ok"}
    resources = [
        Resource("account", make_account, {
            "read": lambda ref: _q("accountsummary", user=ref),
            "change": lambda ref: _q("suspendacct", user=ref, reason="matrix"),
            "delete": lambda ref: _q("removeacct", user=ref),
        }),
        Resource("zone", lambda panel, tenant: tenant["domain"], {
            "read": lambda ref: _q("dumpzone", domain=ref),
            "change": lambda ref: _q("addzonerecord", zone=ref, name=f"m{next(SERIAL)}", type="A", address="192.0.2.1"),
        }),
    ]

    def credentials(self, tenants, who):
        import base64

        login, password = ("root", ADMIN_PASSWORD) if who == "admin" else (f"wm{who}", PASSWORD)
        return {"Authorization": "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()}

    def outcome(self, r):
        if r.status_code == 403:
            assert r.json()["cpanelresult"]["error"] == "Access denied"
            return "denied"
        assert r.status_code == 200, r.text
        return "ok" if r.json()["metadata"]["result"] == 1 else "missing"
