"""The shared brute-force guard on the WHM and cPanel ports, with cPHulk's semantics: a few failures
from an address block it on every port (even the right password then fails, with the same 403),
while other addresses go on."""
from __future__ import annotations

import httpx

from tests.conftest import ADMIN_PASSWORD

from .fixtures import unique

PASSWORD = "Guar-Passw0rd!x"
UAPI = "/execute/DomainInfo/list_domains"


def _get(whm, source: str, auth, listener="cpanel_https", path=UAPI):
    transport = httpx.HTTPTransport(verify=False, local_address=source)
    with httpx.Client(transport=transport, verify=False, timeout=30) as c:
        return c.get(whm.url(listener, path), auth=auth)


def test_failures_block_the_address(whm, admin_whm):
    user = unique("gd")[:10]
    admin_whm.ok("createacct", username=user, domain=f"{user}.example", password=PASSWORD)
    source = "127.0.0.23"
    assert _get(whm, source, (user, PASSWORD)).status_code == 200
    for _ in range(6):
        assert _get(whm, source, (user, "wrong")).status_code == 403
    blocked = _get(whm, source, (user, PASSWORD))
    assert blocked.status_code == 403 and blocked.json()["cpanelresult"]["error"] == "Access denied"
    # the address is blocked on WHM too, for every login
    assert _get(whm, source, ("root", ADMIN_PASSWORD), "whm_https", "/json-api/version?api.version=1").status_code == 403
    assert _get(whm, "127.0.0.24", (user, PASSWORD)).status_code == 200
