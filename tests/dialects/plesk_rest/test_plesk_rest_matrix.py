"""The shared wire matrix for the Plesk REST API: administrator only, as in Plesk.

A customer's own key is refused too (403): Plesk's REST API serves only the administrator.
"""
import itertools

from polypanel.core import domains, ftp
from polypanel.dialects.environment import Listener

from ..wire_matrix import Resource, WireMatrix, new_database, new_record

API = "/api/v2"
SERIAL = itertools.count(1)


def make_domain(panel, tenant):
    with panel.context(panel.principal_for(tenant["login"])) as ctx:
        sub = domains.get(ctx, name=tenant["domain"]).subscription
        d = domains.create(ctx, subscription=sub, name=f"blog{next(SERIAL)}.{tenant['domain']}", kind="subdomain",
                           parent_name=tenant["domain"])
        return d.id


def make_record(panel, tenant):
    return new_record(panel, tenant)[0]


def make_database(panel, tenant):
    return new_database(panel, tenant)[0]


def make_ftp(panel, tenant):
    with panel.context(panel.principal_for(tenant["login"])) as ctx:
        sub = domains.get(ctx, name=tenant["domain"]).subscription
        return ftp.create(ctx, subscription=sub, login=f"wmftp{sub.id}x{next(SERIAL)}", password="Ftp-Passw0rd!1").login


def make_client(panel, tenant):
    with panel.context(panel.principal_for(tenant["login"])) as ctx:
        from polypanel.core import accounts
        return accounts.get(ctx, login=tenant["login"]).id


class TestPleskRestMatrix(WireMatrix):
    listener = Listener(name="plesk_https", port=8443, tls=True)
    expected = {"anonymous": "denied", "other": "denied", "owner": "denied", "admin": "ok"}
    resources = [
        Resource("client", make_client, {
            "read": lambda ref: ("GET", f"{API}/clients/{ref}", {}),
            "change": lambda ref: ("PUT", f"{API}/clients/{ref}", {"json": {"company": "Changed"}}),
        }),
        Resource("domain", make_domain, {
            "read": lambda ref: ("GET", f"{API}/domains/{ref}", {}),
            "change": lambda ref: ("PUT", f"{API}/domains/{ref}", {"json": {"description": "changed"}}),
            "delete": lambda ref: ("DELETE", f"{API}/domains/{ref}", {}),
        }),
        Resource("dns record", make_record, {
            "read": lambda ref: ("GET", f"{API}/dns/records/{ref}", {}),
            "change": lambda ref: ("PUT", f"{API}/dns/records/{ref}", {"json": {"value": "changed"}}),
            "delete": lambda ref: ("DELETE", f"{API}/dns/records/{ref}", {}),
        }),
        Resource("database", make_database, {
            "delete": lambda ref: ("DELETE", f"{API}/databases/{ref}", {}),
        }),
        Resource("ftp user", make_ftp, {
            "change": lambda ref: ("PUT", f"{API}/ftpusers/{ref}", {"json": {"home": "/"}}),
            "delete": lambda ref: ("DELETE", f"{API}/ftpusers/{ref}", {}),
        }),
    ]

    def credentials(self, tenants, who):
        return {"X-API-Key": tenants.keys[who]}

    def outcome(self, r):
        if r.status_code in (401, 403):
            assert set(r.json()) >= {"code", "message"}
            return "denied"
        if r.status_code == 404:
            return "missing"
        assert r.status_code < 300, r.text
        return "ok"
