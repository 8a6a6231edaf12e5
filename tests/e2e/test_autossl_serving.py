"""AutoSSL's certificate is really served: through `polypanel serve` with a real nginx on loopback, an
account made over WHM asks for an AutoSSL check over UAPI; once it ran, an SNI client that trusts only
the panel's CA (DATA_DIR/autossl/ca.crt) verifies the chain and the host name for the domain and its
www name; a name excluded afterwards is left off the next certificate AutoSSL issues."""
import socket
import ssl
import stat
import time
import uuid

import httpx
import pytest
from cryptography import x509

from tests.conftest import ADMIN_PASSWORD, free_port
from tests.installed import require_binary

pytestmark = pytest.mark.daemon
PASSWORD = "Auto-Passw0rd!x"


def handshake(port: int, host: str, cafile: str) -> x509.Certificate:
    """The certificate nginx serves for ``host``, verified against ``cafile`` (chain and host name)."""
    context = ssl.create_default_context(cafile=cafile)
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname=host) as tls:
            return x509.load_der_x509_certificate(tls.getpeercert(binary_form=True))


@pytest.fixture
def served(panel_process, tmp_path):
    require_binary("nginx")
    web_port, tls_port = free_port(), free_port()
    ini = (f"[web]\napplier = nginx\nhttp_port = {web_port}\nhttps_port = {tls_port}\nlisten = 127.0.0.1\n"
           f"vhosts_root = {tmp_path / 'vhosts'}\n[dns]\napplier = dry\n[databases]\napplier = dry\n"
           "[mail]\napplier = dry\n[ftp]\napplier = dry\n")
    p = panel_process(extra_ini=ini, listeners=("whm_https", "cpanel_https")).start(timeout=60)
    p.tls_port = tls_port
    return p


def uapi(client: httpx.Client, func: str, **params) -> dict:
    r = client.get(f"/execute/SSL/{func}", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def check_and_wait(cp: httpx.Client) -> None:
    doc = uapi(cp, "start_autossl_check")
    assert doc["status"] == 1 and doc["data"] is None, doc
    deadline = time.monotonic() + 60
    while uapi(cp, "is_autossl_check_in_progress")["data"] == 1:
        assert time.monotonic() < deadline, "the AutoSSL check did not finish"
        time.sleep(0.2)


def test_autossl_certificate_is_served_and_verifies_against_the_panel_ca(served):
    p = served
    user = f"as{uuid.uuid4().hex[:8]}"
    domain = f"{user}.test"
    whm = httpx.Client(base_url=p.url("whm_https"), auth=("root", ADMIN_PASSWORD), verify=False, timeout=60)
    r = whm.get("/json-api/createacct", params={"api.version": "1", "username": user, "domain": domain,
                                                 "password": PASSWORD})
    assert r.json()["metadata"]["result"] == 1, r.text
    cafile = p.data_dir / "autossl" / "ca.crt"
    with pytest.raises(ssl.SSLCertVerificationError):  # the site's own self-signed certificate first
        ssl_context = ssl.create_default_context()
        with socket.create_connection(("127.0.0.1", p.tls_port), timeout=5) as raw:
            ssl_context.wrap_socket(raw, server_hostname=domain)

    cp = httpx.Client(base_url=p.url("cpanel_https"), auth=(user, PASSWORD), verify=False, timeout=60)
    check_and_wait(cp)
    assert stat.S_IMODE((p.data_dir / "autossl").stat().st_mode) == 0o700
    assert stat.S_IMODE((p.data_dir / "autossl" / "ca.pem").stat().st_mode) == 0o600
    hosts = uapi(cp, "installed_hosts")["data"]
    assert [h["servername"] for h in hosts] == [domain] and hosts[0]["certificate"]["is_autossl"] == 1
    first = handshake(p.tls_port, domain, str(cafile))
    assert handshake(p.tls_port, f"www.{domain}", str(cafile)).serial_number == first.serial_number
    assert format(first.serial_number, "x") == hosts[0]["certificate"]["serial"]

    # excluding www does not make AutoSSL replace a valid certificate that covers more
    assert uapi(cp, "add_autossl_excluded_domains", domains=f"www.{domain}")["status"] == 1
    check_and_wait(cp)
    assert handshake(p.tls_port, domain, str(cafile)).serial_number == first.serial_number
    # the certificate taken off the site: the next check secures it again, without the excluded name
    uapi(cp, "delete_ssl", domain=domain)
    with pytest.raises(ssl.SSLCertVerificationError):
        handshake(p.tls_port, domain, str(cafile))
    check_and_wait(cp)
    again = handshake(p.tls_port, domain, str(cafile))
    assert again.serial_number != first.serial_number
    names = again.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(x509.DNSName)
    assert names == [domain]
    with pytest.raises(ssl.SSLCertVerificationError):
        handshake(p.tls_port, f"www.{domain}", str(cafile))
