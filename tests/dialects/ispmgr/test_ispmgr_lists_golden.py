"""Every list function gives, byte for byte, the document recorded before the lists were read as
plain values (core/hosting_views.py, core/service_views.py): a store of many objects held by a mix
of tenants (admin, two resellers, one of them suspended, their users, add-on, sub-, alias and
mail-only domains, plans and own limits, databases, mailboxes, FTP users), read by each kind of
caller (root, a reseller, a user, root acting as a user and as a reseller) in every output format.

``lists_golden.json`` was written by the ORM-based handlers; set ``POLYPANEL_WRITE_GOLDEN=1`` to
write it again (only when a change to a document is meant).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from polypanel.core import accounts, domains, subscriptions

from .conftest import ADMIN_PASSWORD, PASSWORD, Isp

GOLDEN = Path(__file__).parent / "fixtures" / "lists_golden.json"
NEW = "Golden-Passw0rd!7"
LISTS = ("user", "reseller", "admin", "preset", "webdomain", "wwwdomain", "emaildomain", "domain", "db", "email",
         "ftp.user")
FORMATS = ("xml", "json", "sjson", "JSONdata", "text", "")
CALLERS = {
    "root": {"authinfo": f"root:{ADMIN_PASSWORD}"},
    "reseller": {"authinfo": f"gres1:{PASSWORD}"},
    "user": {"authinfo": f"gcust2:{PASSWORD}"},
    "root-su-user": {"authinfo": f"root:{ADMIN_PASSWORD}", "su": "gcust1"},
    "root-su-reseller": {"authinfo": f"root:{ADMIN_PASSWORD}", "su": "gres1"},
}


def _call(isp: Isp, client, caller: str, **params) -> str:
    r = client.post("/ispmgr", data={**CALLERS[caller], **params})
    assert r.status_code == 200
    return r.text


def _ok(isp: Isp, client, **params) -> None:
    body = _call(isp, client, "root", out="xml", sok="ok", **params)
    assert "<ok" in body, body


def _store(isp: Isp) -> None:
    isp.plan("gbasic", disk_space_mb=1024, max_databases=3, max_domains=4)
    isp.plan("gpro", max_mailboxes=50)
    isp.reseller("gres1")
    isp.reseller("gres2")
    isp.customer("gcust1", "gcust1.example", plan="gbasic")
    isp.customer("gcust2", "gcust2.example", owner="gres1", plan="gpro")
    isp.customer("gcust3", "gcust3.example", owner="gres2")
    isp.customer("gcust4")  # no hosting
    isp.customer("gcust5", "gcust5.example")
    isp.customer("gcust6", owner="gres1")  # a reseller's user without hosting
    with isp.panel.context(isp.panel.admin()) as ctx:
        c2 = accounts.get(ctx, login="gcust2")
        subscriptions.create(ctx, domain="gcust2-second.example", owner_id=c2.id)  # a second hosting
        r1 = accounts.get(ctx, login="gres1")
        subscriptions.create(ctx, domain="gres1-own.example", owner_id=r1.id)  # the reseller's own hosting
        sub1 = subscriptions.get(ctx, name="gcust1.example")
        subscriptions.update(ctx, sub1, limits={"max_databases": 7, "traffic_mb": 2048})
        domains.create(ctx, subscription=sub1, name="blog.gcust1.example", kind="subdomain")
        domains.create(ctx, subscription=sub1, name="gcust1-alias.example", kind="alias")
        domains.create(ctx, subscription=sub1, name="xn--80ak6aa92e.example", kind="addon")  # an IDN add-on
    client = isp.client()
    _ok(isp, client, func="webdomain.edit", name="gcust1-addon.example", owner="gcust1")
    _ok(isp, client, func="emaildomain.edit", name="gcust1-mail.example", owner="gcust1")  # mail only
    _ok(isp, client, func="webdomain.edit", elid="gcust5.example", php="off")
    _ok(isp, client, func="webdomain.suspend", elid="gcust5.example")
    _ok(isp, client, func="webdomain.suspend", elid="gcust1-addon.example")
    _ok(isp, client, func="db.edit", name="gdbone", owner="gcust1", server="MySQL")
    _ok(isp, client, func="db.edit", name="gdbtwo", owner="gcust2", server="PostgreSQL")
    _ok(isp, client, func="db.edit", name="gdbthree", owner="gcust3", server="MySQL")
    for name, domain in (("info", "gcust1.example"), ("sales", "gcust1-mail.example"), ("post", "gcust2.example"),
                         ("root", "gcust3.example")):
        _ok(isp, client, func="email.edit", name=name, domainname=domain, passwd=NEW, confirm=NEW,
            forward="a@example.net, b@example.net" if name == "sales" else "")
    _ok(isp, client, func="ftp.user.edit", name="gftp1", passwd=NEW, confirm=NEW, home="/", owner="gcust1")
    _ok(isp, client, func="ftp.user.edit", name="gftp2", passwd=NEW, confirm=NEW, home="/pub", owner="gcust2")
    _ok(isp, client, func="user.edit", elid="gcust6", limit_db="2", preset="gbasic")  # kept until it has hosting
    _ok(isp, client, func="reseller.suspend", elid="gres2")
    _ok(isp, client, func="user.suspend", elid="gcust1")


def _documents(isp: Isp) -> dict[str, str]:
    client = isp.client()
    out = {}
    for caller in CALLERS:
        for func in LISTS:
            for fmt in FORMATS:
                params = {"func": func, **({"out": fmt} if fmt else {})}
                out[f"{caller} {func} {fmt or 'html'}"] = _call(isp, client, caller, **params)
    return out


def test_every_list_gives_the_recorded_document(isp: Isp):
    _store(isp)
    got = _documents(isp)
    if os.environ.get("POLYPANEL_WRITE_GOLDEN"):
        GOLDEN.write_text(json.dumps(got, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        pytest.skip("golden documents written")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(got) == sorted(want)
    differ = [key for key in want if got[key] != want[key]]
    assert not differ, (differ[:5], got[differ[0]][:2000], want[differ[0]][:2000])
    # the store holds what the lists are meant to show (a golden file of empty lists would prove nothing)
    assert len(json.loads(got["root webdomain JSONdata"])) >= 9
    assert {r["name"] for r in json.loads(got["reseller user JSONdata"])} == {"gcust2", "gcust6"}
