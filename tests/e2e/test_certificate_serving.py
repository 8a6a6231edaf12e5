"""An installed certificate is really served: through `polypanel serve` with a real nginx on loopback,
a certificate installed and assigned over the Plesk XML API is what an SNI client gets; a renewal
through the CLI gateway replaces it; a pair nginx refuses shows as the domain's failed provisioning;
unassigning goes back to the site's self-signed certificate."""
import socket
import ssl
import uuid

import httpx
import pytest
import sqlalchemy as sa
from cryptography import x509
from lxml import etree

from polypanel.server.config import sqlite_url
from tests.conftest import ADMIN_PASSWORD, free_port
from tests.installed import require_binary
from tests.tls_certs import issue, make_ca

pytestmark = pytest.mark.daemon
XML = {"Content-Type": "text/xml", "HTTP_AUTH_LOGIN": "admin", "HTTP_AUTH_PASSWD": ADMIN_PASSWORD}


def served_serial(port: int, host: str) -> int:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname=host) as tls:
            return x509.load_der_x509_certificate(tls.getpeercert(binary_form=True)).serial_number


@pytest.fixture
def served(panel_process, tmp_path):
    require_binary("nginx")
    web_port, tls_port = free_port(), free_port()
    ini = (f"[web]\napplier = nginx\nhttp_port = {web_port}\nhttps_port = {tls_port}\nlisten = 127.0.0.1\n"
           f"vhosts_root = {tmp_path / 'vhosts'}\n[dns]\napplier = dry\n[databases]\napplier = dry\n"
           "[mail]\napplier = dry\n[ftp]\napplier = dry\n")
    p = panel_process(extra_ini=ini).start(timeout=60)
    p.tls_port = tls_port
    return p


def xml(p, body: str):
    with p.client() as c:
        r = c.post("/enterprise/control/agent.php", headers=XML, content=f"<packet>{body}</packet>".encode())
    assert r.status_code == 200
    return etree.fromstring(r.content)


def test_installed_certificate_is_served_renewed_failed_and_unassigned(served):
    p = served
    tag = uuid.uuid4().hex[:8]
    domain, login = f"tls-{tag}.test", f"tls{tag}"
    api = httpx.Client(base_url=p.url("plesk_https", "/api/v2"), auth=("admin", ADMIN_PASSWORD), verify=False,
                       timeout=30)
    assert api.post("/clients", json={"name": "TLS Owner", "login": login, "password": "Cust0mer-Pass!",
                                      "email": f"o@{domain}", "type": "customer"}).status_code == 201
    r = api.post("/domains", json={"name": domain, "hosting_type": "virtual", "owner_client": {"login": login},
                                   "hosting_settings": {"ftp_login": f"u{tag}", "ftp_password": "Ftp-Passw0rd!"}})
    assert r.status_code == 201, r.text
    domain_id = r.json()["id"]
    self_signed = served_serial(p.tls_port, domain)

    ca = make_ca()
    first = issue(domain, f"www.{domain}", ca=ca)
    root = xml(p, f"<certificate><install><name>shop</name><webspace>{domain}</webspace><content><csr/>"
                  f"<pvt>{first.key}</pvt><cert>{first.cert}</cert><ca>{first.ca}</ca></content></install></certificate>")
    assert root.findtext("certificate/install/result/status") == "ok"
    assert served_serial(p.tls_port, domain) == self_signed  # in the pool, not yet served (as in Plesk)
    root = xml(p, f"<site><set><filter><name>{domain}</name></filter><values><hosting><vrt_hst><property>"
                  "<name>certificate_name</name><value>shop</value></property></vrt_hst></hosting></values></set></site>")
    assert root.findtext("site/set/result/status") == "ok", etree.tostring(root)
    assert served_serial(p.tls_port, domain) == first.serial
    assert served_serial(p.tls_port, f"www.{domain}") == first.serial

    renewed = issue(domain, f"www.{domain}", kind="rsa", ca=ca)
    r = api.post("/cli/certificate/call", json={"params": ["--update", "shop", "-domain", domain, "-key-file",
                                                           renewed.key, "-cert-file", renewed.cert]})
    assert r.json()["code"] == 0, r.text
    assert served_serial(p.tls_port, domain) == renewed.serial

    # A pair nginx refuses (written behind the panel's back; of one key type: nginx -t does not notice an
    # EC key beside an RSA certificate, which is why the core checks the pair): the apply fails, the API
    # shows it, and the site keeps serving what nginx took last.
    engine = sa.create_engine(p.database_url or sqlite_url(p.data_dir))
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE certificates SET key_pem = :k WHERE name = 'shop'"), {"k": issue(domain, kind="rsa").key})
    engine.dispose()
    r = api.post("/cli/certificate/call", json={"params": ["--update", "shop", "-domain", domain, "-cert-file",
                                                           renewed.cert + "\n"]})
    assert r.json()["code"] == 1 and "do not match" in r.json()["stderr"]  # the core refuses first
    assert api.post("/cli/certificate/call", json={"params": ["--unassign-cert", "-domain", domain]}).json()["code"] == 0
    r = api.post("/cli/certificate/call", json={"params": ["--assign-cert", "shop", "-domain", domain]})
    assert r.json()["code"] == 0, r.text
    state = api.get(f"/domains/{domain_id}").json()["provisioning"]
    assert state["status"] == "error" and "key" in state["message"], state
    assert served_serial(p.tls_port, domain) == self_signed

    r = api.post("/cli/certificate/call", json={"params": ["--unassign-cert", "-domain", domain]})
    assert r.json()["code"] == 0
    assert api.get(f"/domains/{domain_id}").json()["provisioning"]["status"] == "ok"
    assert served_serial(p.tls_port, domain) == self_signed
