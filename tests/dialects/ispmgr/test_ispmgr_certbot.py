"""certbot-dns-ispmgr 4.0.0 and certbot-dns-ispmanager 0.11 (PyPI) add and remove a dns-01 TXT
record through polypanel's ISPmanager API; the record is visible through the Plesk REST API too."""
from __future__ import annotations

import ssl
from types import SimpleNamespace

import pytest

from tests.conftest import ADMIN_PASSWORD

ispmgr = pytest.importorskip("certbot_dns_ispmgr.dns_ispmgr")
ispmanager = pytest.importorskip("certbot_dns_ispmanager.dns_ispmanager")

ZONE = "certzone.example"
TOKEN = "dns01-token-Abc_123"


@pytest.fixture
def server(panel_process, monkeypatch):
    proc = panel_process(listeners=("ispmgr_https", "plesk_https")).start()
    with proc.client("ispmgr_https") as http:
        r = http.get("/ispmgr", params={"authinfo": f"root:{ADMIN_PASSWORD}", "out": "xml", "func": "user.add.finish",
                                        "sok": "ok", "name": "certuser", "passwd": "Cert-Passw0rd!1",
                                        "confirm": "Cert-Passw0rd!1", "webdomain_name": ZONE})
        assert "<ok" in r.text, r.text
    monkeypatch.setattr(ispmgr.time, "sleep", lambda _s: None)  # the plugin waits a second per call
    # certbot-dns-ispmanager uses urllib's default context: trust the panel's self-signed certificate
    monkeypatch.setattr(ssl, "_create_default_https_context", ssl._create_unverified_context)
    return proc


def txt_values(proc) -> list[str]:
    with proc.client("plesk_https") as plesk:
        auth = ("admin", ADMIN_PASSWORD)
        domain = [d for d in plesk.get("/api/v2/domains", auth=auth).json() if d["name"] == ZONE][0]
        records = plesk.get("/api/v2/dns/records", params={"domain": ZONE}, auth=auth).json()
        assert domain
        return [r["value"] for r in records if r["type"] == "TXT" and r["host"].startswith("_acme-challenge")]


class Credentials:
    """What certbot reads from a plugin's credentials INI file."""

    def __init__(self, values: dict):
        self.values = values

    def conf(self, key: str):
        return self.values[key]


def test_certbot_dns_ispmgr_adds_and_removes_a_txt(server):
    # the plugin's own perform and cleanup steps, configured as on certbot's command line
    config = SimpleNamespace(dns_ispmgr_username="root", dns_ispmgr_password=ADMIN_PASSWORD,
                             dns_ispmgr_endpoint=server.url("ispmgr_https", "/ispmgr"), dns_ispmgr_credentials=None)
    plugin = ispmgr.Authenticator(config, "dns-ispmgr")
    plugin._setup_credentials()
    plugin._perform(ZONE, f"_acme-challenge.{ZONE}", TOKEN)
    assert TOKEN in txt_values(server)
    client = ispmgr._ISPmanagerClient(config.dns_ispmgr_endpoint, "root", ADMIN_PASSWORD, ZONE)
    assert any(TOKEN in k for k in client.get_existing_txt(ZONE))
    plugin._cleanup(ZONE, f"_acme-challenge.{ZONE}", TOKEN)
    assert TOKEN not in txt_values(server)


def test_certbot_dns_ispmanager_adds_and_removes_a_txt(server):
    plugin = ispmanager.Authenticator(SimpleNamespace(ispmanager_propagation_seconds=10), "ispmanager")
    plugin.credentials = Credentials({"url": server.url("ispmgr_https", "/ispmgr"), "username": "root",
                                      "password": ADMIN_PASSWORD, "dns_domain": ZONE})
    plugin._perform(ZONE, f"_acme-challenge.{ZONE}", TOKEN)
    assert TOKEN in txt_values(server)
    plugin._cleanup(ZONE, f"_acme-challenge.{ZONE}", TOKEN)
    assert TOKEN not in txt_values(server)
