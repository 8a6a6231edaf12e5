"""WHM zone functions over HTTPS: line numbers address records as in a cPanel zone file."""
from __future__ import annotations

import pytest

from .fixtures import Whm, unique

PASSWORD = "Zone-Passw0rd!x"


@pytest.fixture
def acct(admin_whm):
    user = unique("z")
    admin_whm.ok("createacct", username=user, domain=f"{user}.example", password=PASSWORD)
    return {"user": user, "domain": f"{user}.example"}


def _records(admin_whm, domain):
    return admin_whm.ok("dumpzone", domain=domain)["data"]["zone"][0]["record"]


def test_listzones_and_dumpzone(admin_whm, acct):
    zones = admin_whm.ok("listzones")["data"]["zone"]
    assert {"domain": acct["domain"], "zonefile": f"{acct['domain']}.db"} in zones
    doc = admin_whm.ok("dumpzone", domain=acct["domain"])
    assert doc["metadata"]["reason"] == "Zone Serialized"
    records = doc["data"]["zone"][0]["record"]
    assert [r["Line"] for r in records] == list(range(1, len(records) + 1))
    assert records[0]["type"] == "$TTL" and records[1]["type"] == "SOA"
    soa = records[1]
    assert soa["name"] == f"{acct['domain']}." and soa["serial"].isdigit() and isinstance(soa["ttl"], str)
    a = [r for r in records if r["type"] == "A" and r["name"] == f"{acct['domain']}."]
    assert a and a[0]["address"]
    assert admin_whm.ok("dumpzone", zone=f"{acct['domain']}.db")["data"] == doc["data"]
    missing = admin_whm.call("dumpzone", domain="nosuchzone.example")
    assert missing["metadata"] == {"version": 1, "command": "dumpzone", "result": 0, "reason": "Zone does not exist."}
    assert admin_whm.call("dumpzone")["metadata"]["reason"] == "You must specify a zone to dump."
    v0 = admin_whm.call("dumpzone", version=None, domain=acct["domain"])
    assert v0["result"][0]["status"] == 1 and v0["result"][0]["record"]


def test_add_get_edit_remove_record(admin_whm, acct):
    d = acct["domain"]
    doc = admin_whm.ok("addzonerecord", zone=d, name="_acme-challenge", type="TXT", txtdata="tok-1", ttl="300")
    assert "data" not in doc
    records = _records(admin_whm, d)
    txt = [r for r in records if r["type"] == "TXT" and r["name"] == f"_acme-challenge.{d}."][0]
    assert txt["txtdata"] == "tok-1" and txt["ttl"] == "300" and txt["Line"] == records[-1]["Line"]
    got = admin_whm.ok("getzonerecord", domain=d, line=str(txt["Line"]))["data"]["record"][0]
    assert got == txt
    admin_whm.ok("editzonerecord", domain=d, line=str(txt["Line"]), txtdata="tok-2")
    edited = admin_whm.ok("getzonerecord", domain=d, line=str(txt["Line"]))["data"]["record"][0]
    assert edited["txtdata"] == "tok-2" and edited["name"] == txt["name"]
    admin_whm.ok("addzonerecord", domain=d, name=f"mail2.{d}.", type="A", address="192.0.2.7")
    admin_whm.ok("addzonerecord", domain=d, name="@", type="MX", exchange=f"mail2.{d}", preference="5")
    mx = [r for r in _records(admin_whm, d) if r["type"] == "MX" and r["exchange"] == f"mail2.{d}"][0]
    assert mx["preference"] == "5"
    before = len(_records(admin_whm, d))
    admin_whm.ok("removezonerecord", zone=d, line=str(txt["Line"]))
    after = _records(admin_whm, d)
    assert len(after) == before - 1 and not [r for r in after if r.get("txtdata") == "tok-2"]
    assert [r["Line"] for r in after] == list(range(1, len(after) + 1))
    bad_line = admin_whm.call("removezonerecord", zone=d, line="9999")
    assert bad_line["metadata"]["result"] == 0
    soa_line = admin_whm.call("removezonerecord", zone=d, line="2")
    assert soa_line["metadata"]["result"] == 0
    bad = admin_whm.call("addzonerecord", zone=d, name="x", type="A", address="not-an-ip")
    assert bad["metadata"]["result"] == 0 and bad["metadata"]["reason"].startswith("API failure:")
    noname = admin_whm.call("addzonerecord", zone=d, type="A", address="192.0.2.1")
    assert noname["metadata"]["reason"] == "Invalid DNS record: No name provided."


def test_killdns_adddns(admin_whm, acct):
    d = acct["domain"]
    doc = admin_whm.ok("killdns", domain=d)
    assert doc["metadata"]["output"]["raw"]
    assert admin_whm.call("dumpzone", domain=d)["metadata"]["result"] == 0
    assert admin_whm.call("killdns", domain=d)["metadata"]["result"] == 0
    admin_whm.ok("adddns", domain=d, ip="192.0.2.44")
    records = _records(admin_whm, d)
    assert any(r["type"] == "A" and r.get("address") == "192.0.2.44" for r in records)
    again = admin_whm.call("adddns", domain=d)
    assert again["metadata"]["result"] == 0
    unknown = admin_whm.call("adddns", domain="not-on-this-server.example")
    assert unknown["metadata"]["result"] == 0


def test_reseller_sees_only_its_zones(whm, admin_whm, acct):
    import httpx

    from tests.conftest import ADMIN_PASSWORD

    reseller = unique("rz")
    with httpx.Client(base_url=whm.url("plesk_https", "/api/v2"), auth=("admin", ADMIN_PASSWORD), verify=False) as p:
        assert p.post("/clients", json={"name": "R", "login": reseller, "password": PASSWORD,
                                        "email": f"{reseller}@example.org", "type": "reseller"}).status_code == 201
    rw = Whm(whm, auth=(reseller, PASSWORD))
    mine = unique("mz")
    rw.ok("createacct", username=mine, domain=f"{mine}.example", password=PASSWORD)
    zones = [z["domain"] for z in rw.ok("listzones")["data"]["zone"]]
    assert zones == [f"{mine}.example"]
    assert rw.call("dumpzone", domain=acct["domain"])["metadata"]["reason"] == "Zone does not exist."
    assert rw.call("addzonerecord", zone=acct["domain"], name="x", type="A", address="192.0.2.1")["metadata"]["result"] == 0
    assert rw.call("killdns", domain=acct["domain"])["metadata"]["result"] == 0
    rw.ok("addzonerecord", zone=f"{mine}.example", name="x", type="A", address="192.0.2.1")
