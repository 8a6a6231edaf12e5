"""Issue 8 through the REST API: one owner per name (item 2), no input freezes the panel (3),
what the daemons would refuse is refused at once (5), a client needs a name (10)."""
import threading

import httpx

from .fixtures import unique

PW = "Cust0mer-Pass!"


def customer(api, login=None) -> str:
    login = login or unique("c")
    r = api.post("/clients", json={"name": "C " + login, "login": login, "password": PW,
                                   "email": f"{login}@example.com", "type": "customer"})
    assert r.status_code == 201, r.text
    return login


def domain(api, name, owner, **extra):
    return api.post("/domains", json={"name": name, "owner_client": {"login": owner}, "hosting_type": "virtual",
                                      **extra})


# --- item 2 ---------------------------------------------------------------------------------------

def test_a_name_inside_another_customers_domain_is_refused(admin_api):
    alice, bob = customer(admin_api), customer(admin_api)
    zeta = f"{unique('zeta')}.test"
    assert domain(admin_api, zeta, alice).status_code == 201
    bob_site = f"{unique('bob')}.test"
    assert domain(admin_api, bob_site, bob).status_code == 201
    for name in (f"www.{zeta}", f"mail.{zeta}", f"shop.{zeta}", f"a.b.{zeta}"):
        r = domain(admin_api, name, bob)
        assert r.status_code == 400, r.text
        assert "belongs to another customer" in r.json()["message"]
    hosts = {d["ascii_name"] for d in admin_api.get("/domains").json()}
    assert not {f"www.{zeta}", f"shop.{zeta}"} & hosts
    # Alice's zone still answers www for her
    www = [x for x in admin_api.get("/dns/records", params={"domain": zeta}).json() if x["host"] == f"www.{zeta}."]
    assert [x["type"] for x in www] == ["CNAME"]
    # Alice herself may add it to another subscription of hers
    assert domain(admin_api, f"{unique('a')}.test", alice).status_code == 201
    assert domain(admin_api, f"shop.{zeta}", alice).status_code == 201


def test_a_domain_above_another_customers_domain_is_refused(admin_api):
    alice, bob = customer(admin_api), customer(admin_api)
    omega = f"{unique('omega')}.test"
    assert domain(admin_api, f"api.{omega}", bob).status_code == 201
    r = domain(admin_api, omega, alice)
    assert r.status_code == 400 and "below" in r.json()["message"]
    assert domain(admin_api, omega, bob).status_code == 201


# --- item 3 ---------------------------------------------------------------------------------------

def test_a_huge_email_is_refused_at_once_and_health_keeps_answering(plesk, admin_api):
    body = {"name": "Big", "login": unique("big"), "password": PW, "email": "a@" + "." * 40000 + "@",
            "type": "customer"}
    answers = []

    def post():
        answers.append(admin_api.post("/clients", json=body))

    workers = [threading.Thread(target=post) for _ in range(4)]
    for w in workers:
        w.start()
    health = httpx.get(plesk.url("plesk_https", "/health"), verify=False, timeout=60)
    for w in workers:
        w.join()
    assert health.status_code == 200
    assert [a.status_code for a in answers] == [400] * 4
    assert {e["property"] for e in answers[0].json()["errors"]} == {"email"}
    assert body["login"] not in {c["login"] for c in admin_api.get("/clients").json()}


# --- item 10 --------------------------------------------------------------------------------------

def test_a_client_needs_a_name(admin_api):
    for name in ("", "   "):
        login = unique("nameless")
        r = admin_api.post("/clients", json={"name": name, "login": login, "password": PW,
                                             "email": f"{login}@example.com", "type": "customer"})
        assert r.status_code == 400, r.text
        assert {e["property"] for e in r.json()["errors"]} == {"name"}
    login = customer(admin_api)
    cid = next(c["id"] for c in admin_api.get("/clients").json() if c["login"] == login)
    assert admin_api.put(f"/clients/{cid}", json={"name": ""}).status_code == 400
    assert admin_api.get(f"/clients/{cid}").json()["name"] == "C " + login


# --- item 5 ---------------------------------------------------------------------------------------

def test_record_data_the_dns_server_would_not_take_is_refused_and_the_zone_keeps_working(admin_api, world):
    d = {"domain": world.domain}
    for bad in ('"q"\nevil IN A 6.6.6.6', '"a" ; comment', '"unterminated', "line\nbreak", "nul\x00"):
        r = admin_api.post("/dns/records", params=d, json={"type": "TXT", "host": "t", "value": bad})
        assert r.status_code == 400, (bad, r.text)
    r = admin_api.post("/dns/records", params=d, json={"type": "MX", "host": "", "value": "mx.example.com. extra"})
    assert r.status_code == 400
    hosts = {x["host"] for x in admin_api.get("/dns/records", params=d).json()}
    assert f"t.{world.domain}." not in hosts and f"evil.{world.domain}." not in hosts
    # quotes and backslashes inside a value are escaped, not interpreted
    r = admin_api.post("/dns/records", params=d, json={"type": "TXT", "host": "q", "value": 'say "hi" \\ ok'})
    assert r.status_code == 200 and r.json()["value"] == 'say "hi" \\ ok'
    r = admin_api.post("/dns/records", params=d, json={"type": "A", "host": "later", "value": "192.0.2.8"})
    assert r.status_code == 200
    rec = wait_applied(admin_api, f"/dns/records/{r.json()['id']}")
    assert rec["provisioning"] == {"status": "ok", "message": ""}


BAD_URL_CHARACTERS = [" ", ";", "{", "}", "'", "$", '"', "\\", "#", "\t"]


def test_forward_urls_nginx_would_not_take_are_refused(admin_api, world):
    owner = world.login
    for ch in BAD_URL_CHARACTERS:
        r = admin_api.post("/domains", json={
            "name": f"{unique('fw')}.test", "owner_client": {"login": owner}, "hosting_type": "standard_forwarding",
            "hosting_settings": {"dest_url": f"https://example.com/a{ch}b"}})
        assert r.status_code == 400, (ch, r.text)
        assert {e["property"] for e in r.json()["errors"]} == {"dest_url"} or "dest_url" in r.json()["message"]
    for bad in ("ftp://example.com/", "https://", "http://ex ample.com/"):
        r = admin_api.post("/domains", json={
            "name": f"{unique('fw')}.test", "owner_client": {"login": owner}, "hosting_type": "standard_forwarding",
            "hosting_settings": {"dest_url": bad}})
        assert r.status_code == 400, (bad, r.text)
    r = admin_api.post("/domains", json={
        "name": f"{unique('fw')}.test", "owner_client": {"login": owner}, "hosting_type": "standard_forwarding",
        "hosting_settings": {"dest_url": "https://example.com/a%20b?x=1&y=2"}})
    assert r.status_code == 201, r.text
    site = wait_applied(admin_api, f"/domains/{r.json()['id']}")
    assert site["provisioning"] == {"status": "ok", "message": ""}


def test_database_names_the_servers_would_not_take_are_refused(admin_api, world):
    ref = {"name": world.domain}
    for bad in ("a$b", "x" * 64, "-lead", "sp ace", "quo'te", "semi;colon"):
        r = admin_api.post("/databases", json={"name": bad, "type": "mysql", "parent_domain": ref})
        assert r.status_code == 400, (bad, r.text)
        r = admin_api.post("/databases", json={"name": bad, "type": "postgresql", "parent_domain": ref})
        assert r.status_code == 400, (bad, r.text)
    names = {db["name"] for db in admin_api.get("/databases", params={"domain": world.domain}).json()}
    assert not names & {"a$b", "x" * 64}
    longest = unique("d") + "x" * 54  # 63 characters: both servers take it
    r = admin_api.post("/databases", json={"name": longest, "type": "mysql", "parent_domain": ref})
    assert r.status_code == 200, r.text
    db = wait_applied(admin_api, "/databases", params={"domain": world.domain}, pick=lambda xs: next(
        x for x in xs if x["name"] == longest))
    assert db["provisioning"] == {"status": "ok", "message": ""}


def wait_applied(api, path, params=None, pick=lambda x: x, tries=200):
    """The object once its provisioning is no longer pending (the runner works after the commit)."""
    import time

    for _ in range(tries):
        obj = pick(api.get(path, params=params).json())
        if obj["provisioning"]["status"] != "pending":
            return obj
        time.sleep(0.05)
    return obj
