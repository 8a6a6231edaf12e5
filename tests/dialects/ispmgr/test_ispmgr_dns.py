"""DNS records by rkey: the keys real clients send (in-process; the real-server flows are in test_ispmgr_server.py)."""
from __future__ import annotations

import pytest

from .conftest import PASSWORD, Isp
from .test_ispmgr_accounts import call


@pytest.mark.parametrize("elid", [
    "_acme-challenge.rk.example. TXT  tok-9",  # as domain.record shows it
    "_acme-challenge.rk.example TXT  tok-9",  # cert-manager's webhook: no final dot
    "_acme-challenge.rk.example. txt \"tok-9\"",  # one space, a lower-case type, a quoted value
])
def test_record_keys_as_clients_spell_them(isp: Isp, elid):
    isp.customer("rkuser", "rk.example")
    add = call(isp, "sjson", func="domain.record.edit", plid="rk.example", sok="ok", name="_acme-challenge.rk.example.",
               rtype="txt", value="tok-9")
    assert add["doc"]["id"]["$"] == "_acme-challenge.rk.example. TXT  tok-9"
    assert "ok" in call(isp, "sjson", func="domain.record.delete", plid="rk.example", elid=elid)["doc"]
    keys = [r["rkey"] for r in call(isp, "JSONdata", func="domain.record", elid="rk.example")]
    assert not [k for k in keys if "tok-9" in k]


def test_soa_form_and_save_in_every_format(isp: Isp):
    isp.customer("soauser", "soa.example")
    form = call(isp, func="soa.edit", elid="soa.example")
    assert (form.findtext("email"), form.findtext("refresh"), form.findtext("minimum")) == \
        ("hostmaster@soa.example", "10800", "10800")
    serial = int(form.findtext("serial"))
    ok = call(isp, "json", func="soa.edit", elid="soa.example", sok="ok", primary="ns9.soa.example.",
              email="dns-admin@soa.example", refresh="7200", retry="900", expire="1209600", minimum="300", ttl="600")
    assert ok["doc"]["ok"] == {} and ok["doc"]["id"]["$"] == "soa.example"
    saved = call(isp, "JSONdata", func="soa.edit", elid="soa.example", authinfo="soauser:" + PASSWORD)
    assert {k: saved[k] for k in ("primary", "email", "refresh", "retry", "expire", "minimum", "ttl")} == {
        "primary": "ns9.soa.example.", "email": "dns-admin@soa.example", "refresh": "7200", "retry": "900",
        "expire": "1209600", "minimum": "300", "ttl": "600"}
    assert int(saved["serial"]) > serial
    # only the fields sent change; a serial is a floor
    call(isp, func="soa.edit", elid="soa.example", sok="ok", retry="1200", serial="2099123199")
    again = call(isp, "JSONdata", func="soa.edit", elid="soa.example")
    assert (again["retry"], again["refresh"], again["serial"]) == ("1200", "7200", "2099123199")


@pytest.mark.parametrize("field,value", [
    ("refresh", "-1"), ("retry", "ten"), ("expire", "4294967296"), ("ttl", "1" * 400), ("minimum", "1e3"),
    ("primary", "ns1 .bad"), ("primary", "x" * 300), ("email", "not-an-address"), ("email", "a;b@soa2.example"),
    ("email", "é@soa2.example"), ("serial", "4294967296"), ("serial", "-5"),
])
def test_soa_bad_values_are_refused_and_nothing_changes(isp: Isp, field, value):
    isp.customer("soabad", "soa2.example")
    before = call(isp, "JSONdata", func="soa.edit", elid="soa2.example")
    err = call(isp, func="soa.edit", elid="soa2.example", sok="ok", **{"retry": "3600", field: value}).find("error")
    assert err.get("type") == "value" and err.findtext("msg")
    assert call(isp, "JSONdata", func="soa.edit", elid="soa2.example") == before


def test_soa_of_another_tenant_is_not_found(isp: Isp):
    isp.customer("soaown", "soa3.example")
    isp.customer("soaother", "soa4.example")
    for sok in ("", "ok"):
        err = call(isp, func="soa.edit", elid="soa3.example", sok=sok, refresh="60",
                   authinfo="soaother:" + PASSWORD).find("error")
        assert err.get("type") == "missed"
    assert call(isp, "JSONdata", func="soa.edit", elid="soa3.example")["refresh"] == "10800"
