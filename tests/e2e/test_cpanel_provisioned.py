"""What the cPanel & WHM APIs change really happens: `polypanel serve` with real nginx, BIND and
MariaDB on loopback, driven over WHM API 1 and UAPI as a billing system and a customer would."""
import uuid

import dns.message
import dns.query
import httpx
import pymysql
import pytest

from tests.conftest import ADMIN_PASSWORD, free_port
from tests.dialects.cpanel.fixtures import CPanelClient
from tests.dialects.whm.fixtures import Whm
from tests.installed import require_binary

pytestmark = pytest.mark.daemon
PASSWORD = "Cpan-Passw0rd!x"
LISTENERS = ("whm_https", "cpanel_https", "cpanel_http", "plesk_https")


def answers(port: int, name: str, rtype: str) -> list[str]:
    r = dns.query.udp(dns.message.make_query(name, rtype), "127.0.0.1", port=port, timeout=5)
    return [rr.to_text() for rrset in r.answer for rr in rrset]


@pytest.fixture
def served(panel_process, tmp_path):
    require_binary("nginx", "named", "named-checkconf", "rndc")
    web_port, tls_port, dns_port = free_port(), free_port(), free_port()
    ini = (f"[web]\napplier = nginx\nhttp_port = {web_port}\nhttps_port = {tls_port}\nlisten = 127.0.0.1\n"
           f"vhosts_root = {tmp_path / 'vhosts'}\n"
           f"[dns]\napplier = bind\nport = {dns_port}\nlisten = 127.0.0.1\n"
           "[databases]\napplier = real\n[mail]\napplier = dry\n[ftp]\napplier = dry\n")
    p = panel_process(listeners=LISTENERS, extra_ini=ini).start(timeout=60)
    p.web_port, p.dns_port = web_port, dns_port
    return p


def account(p) -> tuple[Whm, str, str]:
    whm = Whm(p, auth=("root", ADMIN_PASSWORD))
    user = f"e{uuid.uuid4().hex[:8]}"
    whm.ok("createacct", username=user, domain=f"{user}.test", password=PASSWORD)
    return whm, user, f"{user}.test"


def site(p, domain: str) -> httpx.Response:
    return httpx.get(f"http://127.0.0.1:{p.web_port}/", headers={"Host": domain}, timeout=10)


def mysql_grants(login: str) -> dict[str, set[str]]:
    conn = pymysql.connect(host="127.0.0.1", port=3306, user="root", password="")
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT Db, Select_priv, Insert_priv, Update_priv, Delete_priv, Drop_priv FROM mysql.db "
                        "WHERE User=%s", (login,))
            names = ("SELECT", "INSERT", "UPDATE", "DELETE", "DROP")
            return {db.replace("\\_", "_"): {n for n, f in zip(names, flags) if f == "Y"} for db, *flags in cur.fetchall()}
    finally:
        conn.close()


def test_granular_mysql_privileges_are_granted_on_mariadb(served):
    p = served
    whm, user, _domain = account(p)
    cp = CPanelClient(p, user=user, password=PASSWORD)
    db, login = f"{user}_shop", f"{user}_ro"
    cp.ok("Mysql", "create_database", name=db)
    cp.ok("Mysql", "create_user", name=login, password="Db-Passw0rd!xy")
    try:
        cp.ok("Mysql", "set_privileges_on_database", user=login, database=db, privileges="SELECT,INSERT")
        assert mysql_grants(login) == {db: {"SELECT", "INSERT"}}
        conn = pymysql.connect(host="127.0.0.1", port=3306, user=login, password="Db-Passw0rd!xy", database=db)
        with conn.cursor() as cur:
            cur.execute("SELECT 1")
            with pytest.raises(pymysql.err.OperationalError):  # CREATE was not granted
                cur.execute("CREATE TABLE t (id INT)")
        conn.close()
        cp.ok("Mysql", "set_privileges_on_database", user=login, database=db, privileges="ALL PRIVILEGES")
        assert mysql_grants(login) == {db: {"SELECT", "INSERT", "UPDATE", "DELETE", "DROP"}}
        cp.ok("Mysql", "revoke_access_to_database", user=login, database=db)
        assert mysql_grants(login) == {}
        cp.ok("Mysql", "set_privileges_on_database", user=login, database=db, privileges="UPDATE,DELETE")
        assert mysql_grants(login) == {db: {"UPDATE", "DELETE"}}
    finally:
        whm.call("removeacct", user=user)
    assert mysql_grants(login) == {}


def test_modifyacct_domain_moves_site_and_zone(served):
    p = served
    whm, user, old = account(p)
    assert site(p, old).status_code == 200 and answers(p.dns_port, old, "A") == ["127.0.0.1"]
    new = f"n{uuid.uuid4().hex[:8]}.test"
    try:
        whm.ok("modifyacct", user=user, domain=new)
        assert site(p, new).status_code == 200
        assert site(p, old).status_code == 404
        assert answers(p.dns_port, new, "A") == ["127.0.0.1"]
        assert answers(p.dns_port, new, "MX") == [f"10 mail.{new}."]
        refused = dns.query.udp(dns.message.make_query(old, "A"), "127.0.0.1", port=p.dns_port, timeout=5)
        assert refused.rcode() == dns.rcode.REFUSED
    finally:
        whm.call("removeacct", user=user)


def test_dynamicdns_webcall_updates_bind(served):
    p = served
    whm, user, domain = account(p)
    cp = CPanelClient(p, user=user, password=PASSWORD)
    host = f"home.{domain}"
    try:
        ddns_id = cp.ok("DynamicDNS", "create", domain=host)["id"]
        web = httpx.Client(base_url=p.url("cpanel_http"), timeout=30)
        assert web.get(f"/cpanelwebcall/{ddns_id}/ipv4/198.51.100.23").status_code == 200
        assert answers(p.dns_port, host, "A") == ["198.51.100.23"]
        assert web.get(f"/cpanelwebcall/{ddns_id}/ipv4/198.51.100.24/ipv6/2001:db8::24").status_code == 200
        assert answers(p.dns_port, host, "A") == ["198.51.100.24"]
        assert answers(p.dns_port, host, "AAAA") == ["2001:db8::24"]
        r = dns.query.udp(dns.message.make_query(host, "A"), "127.0.0.1", port=p.dns_port, timeout=5)
        assert r.answer[0].ttl == 300
        cp.ok("DynamicDNS", "delete", id=ddns_id)
        assert answers(p.dns_port, host, "A") == []
    finally:
        whm.call("removeacct", user=user)


def test_showbw_counts_the_bytes_nginx_served(served):
    p = served
    whm, user, domain = account(p)
    try:
        sizes = [len(site(p, name).content) for name in (domain, domain, f"www.{domain}")]
        assert all(sizes)
        doc = whm.ok("showbw", search=user, searchtype="user", searchmethod="exact")["data"]
        mine = [a for a in doc["acct"] if a["user"] == user]
        assert len(mine) == 1 and mine[0]["totalbytes"] == sum(sizes)
        usage = {u["domain"]: u["usage"] for u in mine[0]["bwusage"]}
        assert usage[domain] == sum(sizes)
        assert mine[0]["limit"] == "unlimited" and mine[0]["bwlimited"] == 0
        whm.ok("limitbw", user=user, bwlimit="1")
        assert whm.ok("showbw", search=user, searchtype="user")["data"]["acct"][0]["limit"] == str(1024 * 1024)
        # API 0, as Blesta reads it
        v0 = whm.call("showbw", version=None, search=user, searchtype="user")
        assert v0["bandwidth"][0]["acct"][0]["totalbytes"] == sum(sizes)
        # another month has nothing of it; a bad month is refused with cPanel's reason
        earlier = whm.ok("showbw", search=user, searchtype="user", month="1", year="2001")["data"]["acct"][0]
        assert earlier["totalbytes"] == 0
        assert whm.call("showbw", month="13")["metadata"]["reason"] == "Invalid month provided"
    finally:
        whm.call("removeacct", user=user)
