"""plesk bin dns, mail, database and ftpsubaccount through the CLI gateway, over HTTPS."""
from .cli import fails, ok
from .fixtures import unique


def _records(api, domain):
    return {(r["type"], r["host"], r["value"], r["opt"]) for r in api.get("/dns/records", params={"domain": domain}).json()}


def test_dns_add_info_del(admin_api, world):
    d = world.domain
    assert ok(admin_api, "dns", "--add", d, "-a", "api", "-ip", "192.0.2.7") == \
        f"SUCCESS: Creation of DNS record 'api.{d}. A' completed.\n"
    ok(admin_api, "dns", "--add", d, "-txt", "v=spf1 -all", "-domain", "")
    ok(admin_api, "dns", "--add", d, "-txt", "token-1", "-domain", "_acme-challenge")
    ok(admin_api, "dns", "--add", d, "-mx", "", "-mailexchanger", "mx2.example.net", "-priority", "20")
    ok(admin_api, "dns", "--add", d, "-cname", "docs", "-canonical", "example.org")
    ok(admin_api, "dns", "--add", d, "-aaaa", "v6", "-ip", "2001:db8::7")
    ok(admin_api, "dns", "--add", d, "-ns", "sub", "-nameserver", "ns1.example.net")
    ok(admin_api, "dns", "--add", d, "-srv", "", "-srv-service", "sip", "-srv-protocol", "tcp",
       "-srv-target-host", "sip.example.net", "-srv-port", "5060", "-srv-priority", "1", "-srv-weight", "5")
    ok(admin_api, "dns", "--add", d, "-caa", "", "-flags", "0", "-tag", "issue", "-value", "letsencrypt.org")
    records = _records(admin_api, d)
    for rec in (("A", f"api.{d}.", "192.0.2.7", ""), ("TXT", f"{d}.", "v=spf1 -all", ""),
                ("TXT", f"_acme-challenge.{d}.", "token-1", ""), ("MX", f"{d}.", "mx2.example.net.", "20"),
                ("CNAME", f"docs.{d}.", "example.org.", ""), ("AAAA", f"v6.{d}.", "2001:db8::7", ""),
                ("NS", f"sub.{d}.", "ns1.example.net.", "")):
        assert rec in records, (rec, records)
    assert any(t == "SRV" and h == f"_sip._tcp.{d}." for t, h, _v, _o in records)
    assert any(t == "CAA" and "letsencrypt.org" in v for t, _h, v, _o in records)
    info = ok(admin_api, "dns", "--info", d)
    assert info.startswith(f"SUCCESS: Gathering information for '{d}' complete.\n")
    assert f"api.{d}." in info and "192.0.2.7" in info and "mx2.example.net" in info
    assert ok(admin_api, "dns", "--del", d, "-a", "api", "-ip", "192.0.2.7") == \
        f"SUCCESS: Removal of DNS record 'api.{d}. A' completed.\n"
    ok(admin_api, "dns", "--del", d, "-txt", "token-1", "-domain", "_acme-challenge")
    ok(admin_api, "dns", "--del", d, "-mx", "", "-mailexchanger", "mx2.example.net")
    records = _records(admin_api, d)
    assert ("A", f"api.{d}.", "192.0.2.7", "") not in records and ("MX", f"{d}.", "mx2.example.net.", "20") not in records
    assert ("TXT", f"_acme-challenge.{d}.", "token-1", "") not in records


def test_dns_refusals(admin_api, world):
    d = world.domain
    assert fails(admin_api, "dns", "--add", d, "-a", "x", "-ip", "not-an-ip").startswith(
        "An error occurred during DNS record creation: ")
    assert "-ip is required" in fails(admin_api, "dns", "--add", d, "-a", "x")
    assert "exactly one record type" in fails(admin_api, "dns", "--add", d, "-a", "x", "-ip", "192.0.2.1",
                                              "-txt", "y")
    assert fails(admin_api, "dns", "--add", "missing.example", "-a", "x", "-ip", "192.0.2.1")
    assert fails(admin_api, "dns", "--add", d, "-a", "bad host", "-ip", "192.0.2.1")
    assert "Unable to find" in fails(admin_api, "dns", "--del", d, "-a", "nothere", "-ip", "192.0.2.1")
    assert fails(admin_api, "dns", "--info", "missing.example")


def test_mail(admin_api, world):
    address = f"info@{world.domain}"
    assert ok(admin_api, "mail", "--create", address, "-passwd", "Mail-Passw0rd!", "-mbox_quota", "100M") == \
        f"SUCCESS: Creation of mail name '{address}' completed.\n"
    assert "100M" in (info := ok(admin_api, "mail", "--info", address)) and address in info
    assert ok(admin_api, "mail", "--list", "-domain", world.domain).split() == [address]
    ok(admin_api, "mail", "--update", address, "-mbox_quota", "unlimited", "-forwarding-addresses",
       "a@example.net,b@example.net", "-mailbox", "false")
    info = ok(admin_api, "mail", "--info", address)
    assert "Unlimited" in info and "a@example.net, b@example.net" in info and "Mailbox:" in info and "false" in info
    assert "exists" in fails(admin_api, "mail", "--create", address, "-passwd", "Mail-Passw0rd!")
    assert fails(admin_api, "mail", "--create", f"x@{world.domain}", "-passwd", "weak")
    assert fails(admin_api, "mail", "--create", "no-at-sign", "-passwd", "Mail-Passw0rd!")
    assert fails(admin_api, "mail", "--create", "x@missing.example", "-passwd", "Mail-Passw0rd!")
    assert fails(admin_api, "mail", "--update", address, "-forwarding-addresses", "not-an-address")
    assert ok(admin_api, "mail", "--remove", address) == f"SUCCESS: Removal of '{address}' completed.\n"
    assert fails(admin_api, "mail", "--info", address)


def test_database(admin_api, world):
    mysql = next(s for s in admin_api.get("/dbservers").json() if s["type"] == "mysql")
    name, user = unique("db"), unique("dbu")
    assert ok(admin_api, "database", "--create", name, "-domain", world.domain, "-type", "mysql",
              "-server", f"{mysql['host']}:{mysql['port']}", "-add_user", user, "-passwd", "Db-Passw0rd!") == \
        f"SUCCESS: Creation of database '{name}' completed.\n"
    dbs = admin_api.get("/databases", params={"domain": world.domain}).json()
    db = next(x for x in dbs if x["name"] == name)
    assert db["server_id"] == mysql["id"] and db["default_user_id"] > 0
    assert user in ok(admin_api, "database", "--info", name)
    assert name in ok(admin_api, "database", "--list", "-domain", world.domain).split()
    ok(admin_api, "database", "--update", name, "-update_user", user, "-passwd", "N3w-Db-Passw0rd")
    second = unique("dbu")
    ok(admin_api, "database", "--update", name, "-add_user", second, "-passwd", "Db-Passw0rd!")
    ok(admin_api, "database", "--update", name, "-remove_user", user)
    assert [u["login"] for u in admin_api.get("/dbusers", params={"dbId": db["id"]}).json()] == [second]
    assert fails(admin_api, "database", "--create", name, "-domain", world.domain)  # exists
    assert fails(admin_api, "database", "--create", unique("db"), "-domain", world.domain, "-type", "oracle")
    assert fails(admin_api, "database", "--create", unique("db"), "-domain", world.domain, "-server", "nowhere:1")
    assert "-passwd is required" in fails(admin_api, "database", "--update", name, "-add_user", unique("u"))
    assert ok(admin_api, "database", "--remove", name) == f"SUCCESS: Removal of '{name}' completed.\n"
    assert fails(admin_api, "database", "--info", name)


def test_ftpsubaccount(admin_api, world):
    login = unique("ftp")
    assert ok(admin_api, "ftpsubaccount", "--create", login, "-domain", world.domain, "-passwd", "Ftp-Passw0rd!",
              "-home", "/httpdocs", "-quota", "50M", "-access_write", "false") == \
        f"SUCCESS: Creation of FTP account '{login}' completed.\n"
    user = next(u for u in admin_api.get("/ftpusers", params={"domain": world.domain}).json() if u["name"] == login)
    assert user["home"] == "/httpdocs" and user["permissions"] == {"read": "true", "write": "false"}
    assert "50M" in ok(admin_api, "ftpsubaccount", "--info", login)
    assert login in ok(admin_api, "ftpsubaccount", "--list", "-domain", world.domain).split()
    ok(admin_api, "ftpsubaccount", "--update", login, "-home", "/logs", "-access_write", "true")
    user = next(u for u in admin_api.get("/ftpusers", params={"domain": world.domain}).json() if u["name"] == login)
    assert user["home"] == "/logs" and user["permissions"]["write"] == "true"
    assert fails(admin_api, "ftpsubaccount", "--update", login, "-home", "/../etc")
    assert fails(admin_api, "ftpsubaccount", "--create", login, "-domain", world.domain, "-passwd", "Ftp-Passw0rd!")
    assert fails(admin_api, "ftpsubaccount", "--create", unique("f"), "-domain", world.domain, "-passwd", "weak")
    assert fails(admin_api, "ftpsubaccount", "--update", login, "-access_read", "maybe")
    assert ok(admin_api, "ftpsubaccount", "--remove", login) == f"SUCCESS: Removal of '{login}' completed.\n"
    assert fails(admin_api, "ftpsubaccount", "--info", login)
