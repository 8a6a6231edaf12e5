"""The shared wire matrix for the ISPmanager API: ``authinfo`` per call; a customer acts on its own
web domains, DNS records and user form; another customer gets the same ``missed`` error as for an
object that does not exist."""
from __future__ import annotations

from urllib.parse import urlencode

import pytest
from lxml import etree

from polypanel.auth.authenticator import Authenticator
from polypanel.dialects.environment import DialectEnv, Listener
from polypanel.server.apps import build_app
from tests.conftest import ADMIN_PASSWORD

from ..wire_matrix import PASSWORD, Resource, Tenants, WireMatrix, new_addon, new_record

HEADER = b"x-test-authinfo"


class AuthinfoFromHeader:
    """Test plumbing: the matrix hands credentials as headers; ISPmanager takes them in the query."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            value = dict(scope["headers"]).get(HEADER)
            if value:
                extra = urlencode({"authinfo": value.decode()}).encode()
                qs = scope.get("query_string", b"")
                scope = {**scope, "query_string": qs + b"&" + extra if qs else extra}
        await self.app(scope, receive, send)


def xml_get(**params):
    return ("GET", "/ispmgr", {"params": {"out": "xml", **params}})


def make_site(panel, tenant):
    return new_addon(panel, tenant)[1]


def make_record(panel, tenant):
    _id, host, value = new_record(panel, tenant)
    return f"{tenant['domain']}|{host}. TXT  {value}"


def make_zone(panel, tenant):
    return tenant["domain"]


def make_user(panel, tenant):
    return tenant["login"]


class TestIspMgrMatrix(WireMatrix):
    listener = Listener(name="ispmgr_https", port=1500, tls=True)
    resources = [
        Resource("user", make_user, {
            "read": lambda ref: xml_get(func="user.edit", elid=ref),
            "change": lambda ref: xml_get(func="user.edit", elid=ref, sok="ok", fullname="Changed"),
        }),
        Resource("webdomain", make_site, {
            "read": lambda ref: xml_get(func="webdomain.edit", elid=ref),
            "change": lambda ref: xml_get(func="webdomain.edit", elid=ref, sok="ok", php="off"),
            "delete": lambda ref: xml_get(func="webdomain.delete", elid=ref),
        }),
        Resource("dns record", make_record, {
            "read": lambda ref: xml_get(func="domain.record.edit", plid=ref.split("|")[0], elid=ref.split("|")[1]),
            "change": lambda ref: xml_get(func="domain.record.edit", plid=ref.split("|")[0], elid=ref.split("|")[1],
                                          sok="ok", value="changed"),
            "delete": lambda ref: xml_get(func="domain.record.delete", plid=ref.split("|")[0], elid=ref.split("|")[1]),
        }),
        Resource("soa", make_zone, {
            "read": lambda ref: xml_get(func="soa.edit", elid=ref),
            "change": lambda ref: xml_get(func="soa.edit", elid=ref, sok="ok", refresh="7200"),
        }),
        Resource("emaildomain", make_site, {
            "read": lambda ref: xml_get(func="emaildomain.edit", elid=ref),
            "change": lambda ref: xml_get(func="emaildomain.edit", elid=ref, sok="ok", defaction="error"),
        }),
    ]

    @pytest.fixture
    def tenants(self, panel, tmp_path):
        t = Tenants(panel, self.listener)
        env = DialectEnv(panel=panel, auth=Authenticator(panel), data_dir=str(tmp_path))  # the request log goes there
        t.app = AuthinfoFromHeader(build_app(env, self.listener))
        return t

    def credentials(self, tenants, who):
        login = "root" if who == "admin" else tenants.tenants[who]["login"] if who in ("alice", "bob") else who
        password = ADMIN_PASSWORD if who == "admin" else PASSWORD
        return {HEADER.decode(): f"{login}:{password}"}

    def missing_ref(self, ref):
        if "|" in ref:
            zone, key = ref.split("|")
            return f"{zone}|missing-{key}"
        return f"missing-{ref}"

    def outcome(self, r):
        assert r.status_code == 200, r.text
        doc = etree.fromstring(r.content)
        err = doc.find("error")
        if err is None:
            return "ok"
        if err.get("type") in ("auth", "access"):
            return "denied"
        assert err.get("type") == "missed", r.text
        return "missing"
