"""What an API call creates really serves: through `polypanel serve` with real nginx, BIND and
MariaDB on loopback high ports, driven over the Plesk REST API as a billing system would."""
import signal
import uuid

import dns.message
import dns.query
import dns.rdatatype
import httpx
import pymysql
import pytest

from tests.conftest import ADMIN_PASSWORD, free_port
from tests.installed import require_binary

pytestmark = pytest.mark.daemon


def query(port: int, name: str, rtype: str):
    q = dns.message.make_query(name, rtype)
    r = dns.query.udp(q, "127.0.0.1", port=port, timeout=5)
    return r, [rr.to_text() for rrset in r.answer for rr in rrset]


@pytest.fixture
def served(panel_process, tmp_path):
    require_binary("nginx", "named", "named-checkconf", "rndc")
    web_port, tls_port, dns_port = free_port(), free_port(), free_port()
    ini = (f"[web]\napplier = nginx\nhttp_port = {web_port}\nhttps_port = {tls_port}\nlisten = 127.0.0.1\n"
           f"vhosts_root = {tmp_path / 'vhosts'}\n"
           f"[dns]\napplier = bind\nport = {dns_port}\nlisten = 127.0.0.1\n"
           "[databases]\napplier = real\n[mail]\napplier = dry\n[ftp]\napplier = dry\n")
    p = panel_process(extra_ini=ini).start(timeout=60)
    p.web_port, p.tls_port, p.dns_port = web_port, tls_port, dns_port
    return p


def site(p, domain: str, tls: bool = False) -> httpx.Response:
    port = p.tls_port if tls else p.web_port
    scheme = "https" if tls else "http"
    return httpx.get(f"{scheme}://127.0.0.1:{port}/", headers={"Host": domain}, verify=False, timeout=10)


def test_billing_flow_serves_site_zone_and_database(served):
    p = served
    tag = uuid.uuid4().hex[:8]
    domain, login = f"shop-{tag}.test", f"cust{tag}"
    api = p.client(auth=("admin", ADMIN_PASSWORD))
    r = api.post("/api/v2/clients", json={"name": "Shop Owner", "login": login, "password": "Cust0mer-Pass!",
                                          "email": f"owner@{domain}", "type": "customer"})
    assert r.status_code == 201, r.text
    r = api.post("/api/v2/domains", json={
        "name": domain, "hosting_type": "virtual", "owner_client": {"login": login},
        "hosting_settings": {"ftp_login": f"u{tag}", "ftp_password": "Ftp-Passw0rd!"}})
    assert r.status_code == 201, r.text
    domain_id = r.json()["id"]

    # The call returned after the local apply: the site answers now, over HTTP and HTTPS.
    page = site(p, domain)
    assert page.status_code == 200 and domain in page.text
    assert site(p, f"www.{domain}").status_code == 200
    assert site(p, domain, tls=True).status_code == 200

    # The zone answers with the default records, and a freshly added TXT (certbot DNS-01) at once.
    resp, answers = query(p.dns_port, domain, "A")
    assert answers == ["127.0.0.1"] and resp.flags & dns.flags.AA
    assert query(p.dns_port, domain, "MX")[1] == [f"10 mail.{domain}."]
    r = api.post(f"/api/v2/dns/records?domain={domain}", json={"type": "TXT", "host": "_acme-challenge",
                                                               "value": "challenge-token-1"})
    assert r.status_code == 200, r.text
    assert query(p.dns_port, f"_acme-challenge.{domain}", "TXT")[1] == ['"challenge-token-1"']

    # A database and its user really exist in MariaDB and accept the login.
    dbname, dbuser = f"pp_e2e_{tag}", f"pp_e2e_u{tag}"
    r = api.post("/api/v2/databases", json={"name": dbname, "type": "mysql", "parent_domain": {"name": domain}})
    assert r.status_code == 200, r.text
    db_id = r.json()["id"]
    r = api.post("/api/v2/dbusers", json={"login": dbuser, "password": "Db-Passw0rd!", "database_id": db_id,
                                          "parent_domain": {"name": domain}})
    assert r.status_code == 200, r.text
    conn = pymysql.connect(host="127.0.0.1", port=3306, user=dbuser, password="Db-Passw0rd!", database=dbname)
    conn.close()

    # Suspending the domain serves the suspended page; deleting it removes site, zone and database.
    r = api.put(f"/api/v2/domains/{domain_id}/status", json={"status": "suspended"})
    assert r.status_code == 200, r.text
    suspended = site(p, domain)
    assert suspended.status_code == 503
    assert api.delete(f"/api/v2/domains/{domain_id}").status_code == 200
    assert site(p, domain).status_code == 404
    assert query(p.dns_port, domain, "A")[0].rcode() == dns.rcode.REFUSED
    with pytest.raises(pymysql.err.OperationalError):
        pymysql.connect(host="127.0.0.1", port=3306, user=dbuser, password="Db-Passw0rd!", database=dbname)


def test_restart_heals_lost_config_and_reconcile_is_idempotent(served):
    p = served
    tag = uuid.uuid4().hex[:8]
    domain = f"heal-{tag}.test"
    p.cli("customer", "create", f"heal{tag}", "--password", "Cust0mer-Pass!")
    p.cli("subscription", "create", domain, "--owner", f"heal{tag}")
    # A change made through the CLI while the panel runs is applied by the running panel.
    import time

    deadline = time.monotonic() + 15
    while site(p, domain).status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.3)
    assert site(p, domain).status_code == 200
    assert p.stop(signal.SIGKILL) != 0  # a crash: supervised daemons may be left behind or not
    for conf in (p.data_dir / "provision").rglob(f"{domain}*.conf"):
        conf.unlink()
    p.start(timeout=60)
    assert site(p, domain).status_code == 200
    out = p.cli("reconcile").stdout
    assert "web: 0 changed, 0 removed" in out and "dns: 0 changed, 0 removed" in out
