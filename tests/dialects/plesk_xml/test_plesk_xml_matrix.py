"""The shared wire matrix for the Plesk XML API: customers act on their own objects only; another
tenant's object answers exactly as a missing one (1013)."""
import uuid

from lxml import etree

from polypanel.core import domains, protected_dirs
from polypanel.dialects.environment import Listener

from ..wire_matrix import Resource, WireMatrix, new_addon, new_record
from .conftest import AGENT


def make_record(panel, tenant):
    return new_record(panel, tenant)[0]


def make_site(panel, tenant):
    return new_addon(panel, tenant)[0]


def make_webspace(panel, tenant):
    with panel.context(panel.principal_for(tenant["login"])) as ctx:
        return domains.get(ctx, name=tenant["domain"]).id


def make_protected_dir(panel, tenant):
    with panel.context(panel.principal_for(tenant["login"])) as ctx:
        return protected_dirs.create(ctx, domain=domains.get(ctx, name=tenant["domain"]), path=f"members{uuid.uuid4().hex[:8]}").id


def make_protected_dir_user(panel, tenant):
    pid = make_protected_dir(panel, tenant)
    with panel.context(panel.principal_for(tenant["login"])) as ctx:
        pd = protected_dirs.get(ctx, pid)
        return protected_dirs.add_user(ctx, pd, login=f"u{uuid.uuid4().hex[:8]}", password="Matrix-Passw0rd!1").id


def xml(inner: str):
    return ("POST", AGENT, {"content": f"<packet>{inner}</packet>".encode()})


class TestPleskXmlMatrix(WireMatrix):
    listener = Listener(name="plesk_https", port=8443, tls=True)
    resources = [
        Resource("dns record", make_record, {
            "read": lambda ref: xml(f"<dns><get_rec><filter><id>{ref}</id></filter></get_rec></dns>"),
            "delete": lambda ref: xml(f"<dns><del_rec><filter><id>{ref}</id></filter></del_rec></dns>"),
        }),
        Resource("site", make_site, {
            "read": lambda ref: xml(f"<site><get><filter><id>{ref}</id></filter><dataset><gen_info/></dataset>"
                                    "</get></site>"),
            "change": lambda ref: xml(f"<site><set><filter><id>{ref}</id></filter><values><gen_setup>"
                                      "<description>changed</description></gen_setup></values></set></site>"),
            "delete": lambda ref: xml(f"<site><del><filter><id>{ref}</id></filter></del></site>"),
        }),
        Resource("webspace", make_webspace, {
            "read": lambda ref: xml(f"<webspace><get><filter><id>{ref}</id></filter><dataset><gen_info/>"
                                    "</dataset></get></webspace>"),
            "change": lambda ref: xml(f"<site><set><filter><id>{ref}</id></filter><values><gen_setup>"
                                      "<description>changed</description></gen_setup></values></set></site>"),
        }),
        Resource("protected directory", make_protected_dir, {
            "read": lambda ref: xml(f"<protected-dir><get><filter><id>{ref}</id></filter></get></protected-dir>"),
            "change": lambda ref: xml(f"<protected-dir><set><filter><id>{ref}</id></filter><values><header>changed"
                                      "</header></values></set></protected-dir>"),
            "delete": lambda ref: xml(f"<protected-dir><delete><filter><id>{ref}</id></filter></delete>"
                                      "</protected-dir>"),
        }),
        Resource("protected directory user", make_protected_dir_user, {
            "read": lambda ref: xml(f"<protected-dir><get-user><filter><id>{ref}</id></filter></get-user>"
                                    "</protected-dir>"),
            "delete": lambda ref: xml(f"<protected-dir><delete-user><filter><id>{ref}</id></filter></delete-user>"
                                      "</protected-dir>"),
        }),
        Resource("webspace performance and prefs", make_webspace, {
            "read": lambda ref: xml(f"<webspace><get><filter><id>{ref}</id></filter><dataset><performance/>"
                                    "<prefs/></dataset></get></webspace>"),
        }),
    ]

    def credentials(self, tenants, who):
        return {"KEY": tenants.keys[who]}

    def outcome(self, r):
        assert r.status_code == 200, r.text
        root = etree.fromstring(r.content)
        if root.find("system") is not None:
            assert root.findtext("system/errcode") in ("1001", "1029", "11003", "1006"), r.text
            return "denied"
        statuses = [x.findtext("status") for x in root.iter("result")]
        codes = [x.findtext("errcode") for x in root.iter("result") if x.findtext("status") == "error"]
        if statuses and all(s == "ok" for s in statuses):
            return "ok"
        assert codes and all(c == "1013" for c in codes), r.text
        return "missing"
