"""The shared wire matrix for UAPI: a cPanel user acts on its own account only; another tenant's
object answers as a missing one; the administrator has no cPanel account (cPanel's 403)."""
import itertools

from polypanel.core import domains, ftp, mail
from polypanel.dialects.environment import Listener
from tests.conftest import ADMIN_PASSWORD

from ..wire_matrix import PASSWORD, Resource, WireMatrix, new_database

SERIAL = itertools.count(1)


def _sub(ctx, tenant):
    return domains.get(ctx, name=tenant["domain"]).subscription


def make_mailbox(panel, tenant):
    with panel.context(panel.principal_for(tenant["login"])) as ctx:
        d = domains.get(ctx, name=tenant["domain"])
        mb = mail.create(ctx, domain=d, name=f"m{next(SERIAL)}", password="Mail-Passw0rd!x")
        return f"{mb.local_part}@{d.ascii_name}"


def make_database(panel, tenant):
    return new_database(panel, tenant)[1]


def make_ftp(panel, tenant):
    with panel.context(panel.principal_for(tenant["login"])) as ctx:
        sub = _sub(ctx, tenant)
        return ftp.create(ctx, subscription=sub, login=f"f{next(SERIAL)}@{tenant['domain']}",
                          password="Ftp-Passw0rd!x").login


def _x(module, func, **params):
    return ("GET", f"/execute/{module}/{func}", {"params": params})


class TestUapiMatrix(WireMatrix):
    listener = Listener(name="cpanel_https", port=2083, tls=True)
    expected = {"anonymous": "denied", "other": "missing", "owner": "ok", "admin": "denied"}
    resources = [
        Resource("mailbox", make_mailbox, {
            "read": lambda ref: _x("Email", "get_pop_quota", email=ref),
            "change": lambda ref: _x("Email", "passwd_pop", email=ref, password="Oth3r-Passw0rd!"),
            "delete": lambda ref: _x("Email", "delete_pop", email=ref),
        }),
        Resource("database", make_database, {
            "delete": lambda ref: _x("Mysql", "delete_database", name=ref),
        }),
        Resource("ftp user", make_ftp, {
            "change": lambda ref: _x("Ftp", "passwd", user=ref, **{"pass": "Ftp-Passw0rd!y"}),
            "delete": lambda ref: _x("Ftp", "delete_ftp", user=ref),
        }),
        Resource("zone", lambda panel, tenant: tenant["domain"], {
            "read": lambda ref: _x("DNS", "parse_zone", zone=ref),
            "change": lambda ref: ("GET", "/json-api/cpanel", {"params": {
                "cpanel_jsonapi_apiversion": "2", "cpanel_jsonapi_module": "ZoneEdit",
                "cpanel_jsonapi_func": "add_zone_record", "domain": ref, "name": f"m{next(SERIAL)}", "type": "A",
                "address": "192.0.2.1"}}),
        }),
    ]

    def credentials(self, tenants, who):
        import base64

        login, password = ("admin", ADMIN_PASSWORD) if who == "admin" else (f"wm{who}", PASSWORD)
        return {"Authorization": "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()}

    def outcome(self, r):
        if r.status_code == 403:
            assert r.json()["cpanelresult"]["error"] == "Access denied"
            return "denied"
        assert r.status_code == 200, r.text
        doc = r.json()
        if "cpanelresult" in doc:
            item = doc["cpanelresult"]["data"][0]["result"]
            return "ok" if item["status"] == 1 else "missing"
        return "ok" if doc["status"] == 1 else "missing"
