"""Published cPanel-side clients from PyPI, unchanged, against a real server over HTTPS:
certbot-dns-cpanel (a dns-01 TXT added and removed through ZoneEdit API 2) and cpanel-api (UAPI, API 2)."""
from __future__ import annotations

import pytest

from .fixtures import PASSWORD, CPanelClient


@pytest.fixture
def token(cp) -> str:
    data = cp.ok("Tokens", "create_full_access", name="certbot")
    assert len(data["token"]) == 32 and isinstance(data["create_time"], int)
    return data["token"]


def _txt(cp, domain: str, name: str) -> list[dict]:
    return cp.api2("ZoneEdit", "fetchzone_records", domain=domain, name=f"{name}.", type="TXT")["data"]


def test_tokens_module(whm, cp, token, account):
    listed = cp.ok("Tokens", "list")
    assert [t["name"] for t in listed] == ["certbot"] and listed[0]["has_full_access"] == 1 and "token" not in listed[0]
    with_token = CPanelClient(whm, user=account["user"], token=token)
    assert with_token.ok("DomainInfo", "list_domains")["main_domain"] == account["domain"]
    dup = cp.uapi("Tokens", "create_full_access", name="certbot")
    assert dup["status"] == 0
    made_by_token = with_token.uapi("Tokens", "create_full_access", name="other")
    assert made_by_token["status"] == 0  # a token never makes another credential
    assert cp.ok("Tokens", "revoke", name="nosuch") == 0


@pytest.mark.parametrize("auth", ["token", "password"])
def test_certbot_dns_cpanel_adds_and_removes_txt(whm, cp, token, account, monkeypatch, auth):
    from certbot_dns_cpanel.dns_cpanel import CpanelConfigurator

    # certbot's client verifies TLS (urllib's default context): trust the panel's own certificate
    monkeypatch.setenv("SSL_CERT_FILE", str(whm.data_dir / "tls" / "panel.crt"))

    class Credentials:
        values = {"url": whm.url("cpanel_https"), "username": account["user"],
                  "token": token if auth == "token" else None, "password": PASSWORD if auth == "password" else None}

        def conf(self, key):
            return self.values[key]

    plugin = CpanelConfigurator.__new__(CpanelConfigurator)
    plugin.credentials = Credentials()
    name = f"_acme-challenge.{account['domain']}"
    plugin._perform(account["domain"], name, "validation-token-1")
    records = _txt(cp, account["domain"], name)
    assert [r["txtdata"] for r in records] == ["validation-token-1"]
    plugin._cleanup(account["domain"], name, "validation-token-1")
    assert _txt(cp, account["domain"], name) == []


def test_zoneedit_api2_shapes(cp, account):
    d = account["domain"]
    zones = cp.api2("ZoneEdit", "fetchzones")
    assert zones["apiversion"] == 2 and zones["event"] == {"result": 1}
    assert list(zones["data"][0]["zones"]) == [d]
    added = cp.api2("ZoneEdit", "add_zone_record", domain=d, name="www2", type="A", address="192.0.2.9")
    assert added["data"][0]["result"]["status"] == 1 and added["data"][0]["result"]["newserial"].isdigit()
    rec = cp.api2("ZoneEdit", "fetchzone_records", domain=d, name=f"www2.{d}.")["data"][0]
    assert rec["line"] == rec["Line"] and rec["record"] == "192.0.2.9"
    edited = cp.api2("ZoneEdit", "edit_zone_record", domain=d, line=str(rec["line"]), address="192.0.2.10")
    assert edited["data"][0]["result"]["status"] == 1
    assert cp.api2("ZoneEdit", "fetchzone_records", domain=d, name=f"www2.{d}.")["data"][0]["address"] == "192.0.2.10"
    bad = cp.api2("ZoneEdit", "remove_zone_record", domain=d, line="99999")
    assert bad["data"][0]["result"] == {"status": 0, "statusmsg": "You must specify a valid line when you call DELETE: 99999"}
    noname = cp.api2("ZoneEdit", "add_zone_record", domain=d, type="A", address="192.0.2.1")
    assert noname["data"][0]["result"]["statusmsg"] == "Invalid DNS record: No name provided."
    unknown = cp.api2("ZoneEdit", "nosuch")
    assert unknown == {"apiversion": 2, "error": "Could not find function 'nosuch' in module 'ZoneEdit'",
                       "func": "nosuch", "module": "ZoneEdit"}
    assert cp.api2("ZoneEdit", "remove_zone_record", domain=d, line=str(rec["line"]))["data"][0]["result"]["status"] == 1


def test_cpanel_api_client_uapi_and_api2(whm, cp, token, account):
    from cpanel_api import CPanelApi

    api = CPanelApi("127.0.0.1", account["user"], PASSWORD, port=whm.ports["cpanel_https"])
    res = api.uapi.DomainInfo.list_domains()
    assert res.status == 1 and res.data.main_domain == account["domain"]
    assert api.uapi.Email.add_pop(email="hello", password="Mail-Passw0rd!x").status == 1
    pops = api.uapi.Email.list_pops().data
    assert f"hello@{account['domain']}" in [p.email for p in pops]
    zones = api.cpanel2.ZoneEdit.fetchzones()
    assert account["domain"] in zones.cpanelresult.data[0].zones
    by_token = CPanelApi("127.0.0.1", account["user"], token, port=whm.ports["cpanel_https"], auth_type="utoken")
    assert by_token.uapi.DomainInfo.list_domains().data.main_domain == account["domain"]
    wrong = CPanelApi("127.0.0.1", account["user"], "wrong", port=whm.ports["cpanel_https"])
    assert wrong.uapi.DomainInfo.list_domains().cpanelresult.error == "Access denied"
