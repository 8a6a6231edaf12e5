"""DNS records by rkey: the keys real clients send (in-process; the real-server flows are in test_ispmgr_server.py)."""
from __future__ import annotations

import pytest

from .conftest import Isp
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
