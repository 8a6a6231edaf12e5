"""Published WHM clients from PyPI, unchanged, against a real server over HTTPS."""
from __future__ import annotations

import pytest

from .fixtures import unique


@pytest.fixture
def root_token(admin_whm) -> str:
    return admin_whm.ok("api_token_create", token_name=unique("t"))["data"]["token"]


def test_cpanel_client_create_suspend_terminate(whm, admin_whm, monkeypatch):
    from cpanel.cpanel import ServerAPI

    from tests.conftest import ADMIN_PASSWORD

    # the client verifies TLS (no way to turn it off): trust the panel's own certificate
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(whm.data_dir / "tls" / "panel.crt"))
    api = ServerAPI("root", ADMIN_PASSWORD, "https://127.0.0.1", whm.ports["whm_https"])
    domain = f"{unique('cc')[:8]}.io"  # the client derives the user from it: at most 16 characters
    created = api.create_account(f"owner@{domain}", domain, "default")
    assert created["success"] == 1, created
    user = created["username"]
    assert user == domain.replace(".", "") and created["message"] == "Account Creation Ok" and created["data"]
    a = admin_whm.ok("accountsummary", user=user)["data"]["acct"][0]
    assert a["domain"] == domain and a["email"] == f"owner@{domain}"
    suspended = api.suspend_account(user)
    assert suspended["success"] == 1, suspended
    assert admin_whm.ok("accountsummary", user=user)["data"]["acct"][0]["suspendreason"] == "No Payment"
    removed = api.terminate_account(user)
    assert removed["success"] == 1, removed
    assert admin_whm.call("accountsummary", user=user)["metadata"]["result"] == 0
    again = api.terminate_account(user)
    assert again["success"] == 0 and "You do not have a user named" in again["message"]


def test_whambampy_session_then_functions(whm, admin_whm, root_token):
    from whambampy import whm as whambampy_whm

    client = whambampy_whm("127.0.0.1", "root", root_token, whm_port=whm.ports["whm_https"])
    assert client._sec_token.startswith("/cpsess") and len(client._sec_token) == len("/cpsess") + 10
    user = unique("wb")
    doc = client.call("createacct", username=user, domain=f"{user}.example", password="Wham-Passw0rd!x")
    assert doc["metadata"]["result"] == 1, doc
    accts = client.call("listaccts", search=user, searchtype="user")["data"]["acct"]
    assert [a["user"] for a in accts] == [user]
    assert client.call("version")["data"]["version"]
    assert client.call("removeacct", user=user)["metadata"]["result"] == 1
