"""/ftpusers, /databases, /dbusers, /dbservers and /dns/records."""
from .fixtures import unique


def bare(obj):
    """An object without its provisioning state (pending at first, ok once applied)."""
    if isinstance(obj, list):
        return [bare(x) for x in obj]
    assert obj["provisioning"]["status"] in ("pending", "ok"), obj
    return {k: v for k, v in obj.items() if k != "provisioning"}


# --- FTP users ------------------------------------------------------------------------------------

def test_ftp_users(admin_api, world):
    name = unique("ftp")
    r = admin_api.post("/ftpusers", json={"name": name, "password": "Ftp-Passw0rd!", "home": "/httpdocs/up",
                                          "quota": 5 * 1024 * 1024, "permissions": {"read": "true", "write": "false"},
                                          "parent_domain": {"name": world.domain}})
    assert r.status_code == 200, r.text
    user = bare(r.json())
    assert user == {"id": user["id"], "name": name, "home": "/httpdocs/up", "quota": 5 * 1024 * 1024,
                    "permissions": {"read": "true", "write": "false"}, "parent_domain": world.domain_id}
    assert bare(admin_api.get("/ftpusers", params={"domain": world.domain}).json()) == [user]
    assert bare(admin_api.get("/ftpusers", params={"name": name}).json()) == [user]
    assert admin_api.get("/ftpusers", params={"name": "nobody"}).json() == []
    r = admin_api.put(f"/ftpusers/{name}", json={"password": "Other-Passw0rd", "quota": -1,
                                                 "permissions": {"write": "true"}})
    assert r.status_code == 200 and r.json() == {"status": "success"}
    got = admin_api.get("/ftpusers", params={"name": name}).json()[0]
    assert got["quota"] == -1 and got["permissions"] == {"read": "true", "write": "true"}
    renamed = unique("ftp")
    assert admin_api.put(f"/ftpusers/{name}", json={"name": renamed}).status_code == 200
    assert admin_api.delete(f"/ftpusers/{renamed}").json() == {"status": "success"}
    assert admin_api.delete(f"/ftpusers/{renamed}").status_code == 404


def test_ftp_user_failures(admin_api, world):
    base = {"name": unique("ftp"), "password": "Ftp-Passw0rd!", "parent_domain": {"name": world.domain}}
    assert admin_api.post("/ftpusers", json={**base, "parent_domain": {"name": "missing.example"}}).status_code == 404
    assert admin_api.post("/ftpusers", json={**base, "password": "weak"}).status_code == 400
    assert admin_api.post("/ftpusers", json={**base, "home": "/../etc"}).status_code == 400
    assert admin_api.post("/ftpusers", json={**base, "permissions": {"read": True}}).status_code == 400
    assert admin_api.post("/ftpusers", json={**base, "quota": -5}).status_code == 400
    assert admin_api.post("/ftpusers", json={"name": "x"}).status_code == 400
    assert admin_api.get("/ftpusers", params={"name": base["name"]}).json() == []  # none of them was stored
    assert admin_api.post("/ftpusers", json=base).status_code == 200
    assert [u["name"] for u in admin_api.get("/ftpusers", params={"name": base["name"]}).json()] == [base["name"]]
    assert admin_api.post("/ftpusers", json=base).status_code == 400  # exists
    assert admin_api.get("/ftpusers", params={"domain": "missing.example"}).status_code == 404
    assert admin_api.put("/ftpusers/nobody-here", json={"password": "Ftp-Passw0rd!"}).status_code == 404
    assert admin_api.put(f"/ftpusers/{base['name']}", json={"quota": "big"}).status_code == 400


# --- databases and their users --------------------------------------------------------------------

def test_databases_users_and_servers(admin_api, world):
    servers = admin_api.get("/dbservers").json()
    assert {s["type"] for s in servers} >= {"mysql", "postgresql"}
    for s in servers:
        assert set(s) == {"id", "host", "port", "type", "status", "db_count", "is_default", "is_local"}
    mysql = next(s for s in servers if s["type"] == "mysql")
    assert admin_api.get("/dbservers", params={"id": mysql["id"]}).json() == [mysql]

    name = unique("db")
    r = admin_api.post("/databases", json={"name": name, "type": "mysql", "parent_domain": {"name": world.domain}})
    assert r.status_code == 200, r.text
    db = bare(r.json())
    assert db == {"id": db["id"], "name": name, "type": "mysql", "parent_domain": world.domain_id,
                  "server_id": mysql["id"], "default_user_id": 0}
    assert bare(admin_api.get("/databases", params={"domain": world.domain}).json()) == [db]
    assert db in bare(admin_api.get("/databases").json())
    assert admin_api.get("/dbservers", params={"id": mysql["id"]}).json()[0]["db_count"] == mysql["db_count"] + 1

    login = unique("u")
    r = admin_api.post("/dbusers", json={"login": login, "password": "Db-Passw0rd!", "database_id": db["id"]})
    assert r.status_code == 200, r.text
    user = bare(r.json())
    assert user == {"id": user["id"], "login": login, "database_id": db["id"]}
    assert bare(admin_api.get("/dbusers", params={"dbId": db["id"]}).json()) == [user]
    assert admin_api.get("/databases", params={"domain": world.domain}).json()[0]["default_user_id"] == user["id"]
    r = admin_api.post("/dbusers", json={"login": unique("all"), "password": "Db-Passw0rd!",
                                         "parent_domain": {"id": world.domain_id}, "server_id": mysql["id"]})
    assert r.status_code == 200 and r.json()["database_id"] == 0
    assert admin_api.put(f"/dbusers/{user['id']}", json={"password": "N3w-Db-Passw0rd"}).json() == {"status": "success"}
    assert admin_api.put(f"/dbusers/{user['id']}", json={"login": "renamed"}).status_code == 400
    assert admin_api.delete(f"/dbusers/{user['id']}").json() == {"status": "success"}
    assert admin_api.delete(f"/dbusers/{user['id']}").status_code == 404
    assert admin_api.delete(f"/databases/{db['id']}").json() == {"status": "success"}
    assert admin_api.delete(f"/databases/{db['id']}").status_code == 404


def test_database_failures(admin_api, world):
    ref = {"name": world.domain}
    assert admin_api.post("/databases", json={"name": unique("db")}).status_code == 400
    assert admin_api.post("/databases", json={"name": "bad name!", "parent_domain": ref}).status_code == 400
    assert admin_api.post("/databases", json={"name": unique("db"), "type": "mssql", "parent_domain": ref}).status_code == 400
    assert admin_api.post("/databases", json={"name": unique("db"), "type": "oracle", "parent_domain": ref}).status_code == 400
    assert admin_api.post("/databases", json={"name": unique("db"), "parent_domain": ref, "server_id": 999999}).status_code == 404
    assert admin_api.post("/databases", json={"name": unique("db"), "parent_domain": {"id": 999999}}).status_code == 404
    assert admin_api.get("/databases", params={"domain": "missing.example"}).status_code == 404
    assert admin_api.get("/dbusers", params={"dbId": 999999}).status_code == 404
    assert admin_api.get("/dbservers", params={"id": 999999}).status_code == 404
    assert admin_api.post("/dbusers", json={"login": unique("u"), "password": "Db-Passw0rd!"}).status_code == 400
    assert admin_api.post("/dbusers", json={"login": unique("u"), "password": "Db-Passw0rd!", "parent_domain": ref}).status_code == 400
    assert admin_api.post("/dbusers", json={"login": unique("u"), "password": "Db-Passw0rd!", "database_id": 999999}).status_code == 404
    assert admin_api.put("/dbusers/999999", json={"password": "Db-Passw0rd!"}).status_code == 404
    assert admin_api.delete("/databases/999999").status_code == 404


# --- DNS ------------------------------------------------------------------------------------------

RECORD_KEYS = {"id", "type", "host", "value", "opt", "ttl", "provisioning"}


def test_dns_records(admin_api, world):
    r = admin_api.get("/dns/records", params={"domain": world.domain})
    assert r.status_code == 200
    records = r.json()
    assert len(records) >= 8 and all(set(x) == RECORD_KEYS for x in records)
    assert {"type": "CNAME", "host": f"www.{world.domain}.", "value": f"{world.domain}."} .items() <= next(
        x for x in records if x["type"] == "CNAME" and x["host"].startswith("www.")).items()
    mx = next(x for x in records if x["type"] == "MX")
    assert mx["opt"] == "10" and mx["value"] == f"mail.{world.domain}."

    r = admin_api.post("/dns/records", params={"domain": world.domain},
                       json={"type": "TXT", "host": "_acme-challenge", "value": "token-1", "ttl": 300})
    assert r.status_code == 200, r.text
    rec = r.json()
    assert rec.pop("provisioning")["status"] in ("pending", "ok")
    assert rec == {"id": rec["id"], "type": "TXT", "host": f"_acme-challenge.{world.domain}.", "value": "token-1",
                   "opt": "", "ttl": 300}
    got = admin_api.get(f"/dns/records/{rec['id']}").json()
    assert got.pop("provisioning")["status"] in ("pending", "ok")
    assert got == rec
    r = admin_api.post("/dns/records", params={"domain": world.domain},
                       json={"type": "A", "host": f"api.{world.domain}", "value": "192.0.2.7"})
    assert r.json()["host"] == f"api.{world.domain}."
    r = admin_api.put(f"/dns/records/{rec['id']}", json={"value": "token-2", "ttl": 600})
    assert r.status_code == 200 and r.json() == {"status": "success"}
    got = admin_api.get(f"/dns/records/{rec['id']}").json()
    assert (got["value"], got["ttl"], got["host"]) == ("token-2", 600, rec["host"])
    assert admin_api.delete(f"/dns/records/{rec['id']}").json() == {"status": "success"}
    assert admin_api.get(f"/dns/records/{rec['id']}").status_code == 404
    assert admin_api.delete(f"/dns/records/{rec['id']}").status_code == 404


def test_dns_records_of_a_subdomain_are_those_below_it(admin_api, world):
    sub = f"dev.{world.domain}"
    assert admin_api.post("/domains", json={"name": sub, "parent_domain": {"name": world.domain}}).status_code == 201
    hosts = {x["host"] for x in admin_api.get("/dns/records", params={"domain": sub}).json()}
    assert hosts == {f"{sub}.", f"www.{sub}."}


def test_dns_failures(admin_api, world):
    d = {"domain": world.domain}
    assert admin_api.get("/dns/records", params={"domain": "missing.example"}).status_code == 404
    assert admin_api.post("/dns/records", params={"domain": "missing.example"},
                          json={"type": "A", "host": "x", "value": "192.0.2.1"}).status_code == 404
    for bad in ({"type": "A", "host": "x", "value": "not-an-ip"}, {"type": "SOA", "host": "", "value": "x"},
                {"type": "BOGUS", "host": "x", "value": "y"}, {"type": "MX", "host": "", "value": "mx.example.com", "opt": "x"},
                {"type": "A", "host": "bad host", "value": "192.0.2.1"}, {"type": "A", "host": "x", "value": "192.0.2.1", "ttl": -1},
                {"type": "TXT", "host": "x"}):
        r = admin_api.post("/dns/records", params=d, json=bad)
        assert r.status_code == 400, (bad, r.text)
    assert admin_api.put("/dns/records/999999", json={"value": "x"}).status_code == 404
    assert admin_api.get("/dns/records/999999").status_code == 404
    rec = admin_api.post("/dns/records", params=d, json={"type": "A", "host": "put", "value": "192.0.2.1"}).json()
    assert admin_api.put(f"/dns/records/{rec['id']}", json={"value": "nope"}).status_code == 400
