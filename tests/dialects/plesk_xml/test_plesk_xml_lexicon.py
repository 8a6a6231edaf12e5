"""dns-lexicon's Plesk provider (what certbot-dns-plesk runs) against a real ``polypanel serve`` with
real BIND on loopback: it creates, lists and deletes a TXT record, and the DNS server answers it."""
import uuid

import dns.message
import dns.query
import pytest

from tests.conftest import ADMIN_PASSWORD, free_port
from tests.installed import require_binary

from .conftest import AGENT

pytestmark = pytest.mark.daemon


def txt(port: int, name: str) -> list[str]:
    r = dns.query.udp(dns.message.make_query(name, "TXT"), "127.0.0.1", port=port, timeout=5)
    return [rr.to_text() for rrset in r.answer for rr in rrset]


def lexicon(p, domain: str):
    from lexicon.client import Client
    from lexicon.config import ConfigResolver

    # Plain HTTP on the panel's 8880 listener (allowed in panel.ini): requests would refuse the
    # panel's self-signed certificate, and lexicon offers no switch for that.
    config = ConfigResolver().with_dict({
        "provider_name": "plesk", "domain": domain,
        "plesk": {"auth_username": "admin", "auth_password": ADMIN_PASSWORD,
                  "plesk_server": p.url("plesk_http")}})
    return Client(config)


def test_lexicon_creates_lists_and_deletes_a_txt_served_by_bind(panel_process, tmp_path):
    require_binary("named", "named-checkconf", "rndc")
    dns_port = free_port()
    ini = (f"[api]\nallowPlainHttpAccess = on\n[dns]\napplier = bind\nport = {dns_port}\nlisten = 127.0.0.1\n"
           f"[web]\napplier = dry\nvhosts_root = {tmp_path / 'vhosts'}\n"
           "[databases]\napplier = dry\n[mail]\napplier = dry\n[ftp]\napplier = dry\n")
    p = panel_process(extra_ini=ini).start(timeout=60)
    domain = f"lex{uuid.uuid4().hex[:8]}.com"
    with p.client() as http:
        r = http.post(AGENT, headers={"HTTP_AUTH_LOGIN": "admin", "HTTP_AUTH_PASSWD": ADMIN_PASSWORD},
                      content=f"<packet><webspace><add><gen_setup><name>{domain}</name></gen_setup></add></webspace>"
                              "</packet>".encode())
        assert b"<status>ok</status>" in r.content, r.text
    name = f"_acme-challenge.{domain}"
    with lexicon(p, domain) as ops:
        assert ops.create_record("TXT", name, "challenge-token-xml")
        listed = ops.list_records("TXT", name)
        assert [(r["name"], r["content"]) for r in listed] == [(name, "challenge-token-xml")]
    assert txt(dns_port, name) == ['"challenge-token-xml"']
    with lexicon(p, domain) as ops:
        assert ops.delete_record(None, "TXT", name, "challenge-token-xml")
        assert ops.list_records("TXT", name) == []
    assert txt(dns_port, name) == []
