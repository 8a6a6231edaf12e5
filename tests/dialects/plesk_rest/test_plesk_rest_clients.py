"""/clients: list, create, get, update, delete, domains, statistics, activate, suspend."""
from .fixtures import unique

CLIENT_KEYS = {"id", "created", "name", "company", "login", "status", "email", "locale", "guid", "owner_login",
               "external_id", "description", "type"}


def new_client(api, **extra):
    login = unique("c")
    body = {"name": "Jane Roe", "login": login, "password": "Jane-Passw0rd", "email": f"{login}@example.com",
            "type": "customer", **extra}
    r = api.post("/clients", json=body)
    assert r.status_code == 201, r.text
    assert set(r.json()) == {"id", "guid"}
    return login, r.json()


def test_list_has_the_admin_first_with_exactly_the_documented_keys(admin_api):
    r = admin_api.get("/clients")
    assert r.status_code == 200
    clients = r.json()
    assert clients[0]["id"] == 1 and clients[0]["type"] == "admin"
    for c in clients:
        assert set(c) == CLIENT_KEYS


def test_create_and_get(admin_api):
    login, created = new_client(admin_api, company="Roe Ltd", description="vip", external_id="ext-1", locale="de-DE")
    r = admin_api.get(f"/clients/{created['id']}")
    assert r.status_code == 200
    c = r.json()
    assert c == {**c, "id": created["id"], "guid": created["guid"], "login": login, "name": "Jane Roe",
                 "company": "Roe Ltd", "status": 0, "type": "customer", "owner_login": "admin",
                 "external_id": "ext-1", "description": "vip", "locale": "de-DE"}
    assert len(c["created"]) == 10


def test_create_a_reseller_and_a_customer_of_it_and_a_suspended_one(admin_api):
    reseller, made = new_client(admin_api, type="reseller")
    assert admin_api.get(f"/clients/{made['id']}").json()["type"] == "reseller"
    login, created = new_client(admin_api, owner_login=reseller, status=16)
    c = admin_api.get(f"/clients/{created['id']}").json()
    assert (c["login"], c["type"], c["owner_login"], c["status"]) == (login, "customer", reseller, 16)


def test_create_failures(admin_api):
    login, _ = new_client(admin_api)
    r = admin_api.post("/clients", json={"name": "Dup", "login": login, "password": "Dup-Passw0rd", "email": "d@x.io",
                                         "type": "customer"})
    assert r.status_code == 400 and r.json()["errors"][0]["property"] == "login"
    weak = {"name": "W", "login": unique("w"), "password": "short", "email": "w@x.io", "type": "customer"}
    r = admin_api.post("/clients", json=weak)
    assert r.status_code == 400 and r.json()["errors"] == [{"property": "password", "message": r.json()["errors"][0]["message"]}]
    before = admin_api.get("/clients").json()
    for bad, status in (({"type": "admin"}, 400), ({"status": 4}, 400), ({"email": "not-mail"}, 400),
                        ({"login": "bad login!"}, 400), ({"owner_login": "no-such-owner"}, 404)):
        body = {"name": "B", "login": unique("b"), "password": "Bad-Passw0rd", "email": "b@x.io", "type": "customer", **bad}
        r = admin_api.post("/clients", json=body)
        assert r.status_code == status, (bad, r.text)
        assert r.json()["code"] == status and r.json()["message"]
    assert admin_api.get("/clients").json() == before  # none of them was stored


def test_update(admin_api):
    login, created = new_client(admin_api)
    r = admin_api.put(f"/clients/{created['id']}", json={"name": "Jane Updated", "email": "new@example.com",
                                                         "company": "New Co", "status": 16})
    assert r.status_code == 200 and r.json() == created
    c = admin_api.get(f"/clients/{created['id']}").json()
    assert (c["name"], c["email"], c["company"], c["status"]) == ("Jane Updated", "new@example.com", "New Co", 16)
    renamed = unique("renamed")
    r = admin_api.put(f"/clients/{created['id']}", json={"login": renamed})
    assert r.status_code == 200 and r.json() == created
    assert admin_api.get(f"/clients/{created['id']}").json()["login"] == renamed
    r = admin_api.put(f"/clients/{created['id']}", json={"email": "nope"})
    assert r.status_code == 400 and r.json()["errors"][0]["property"] == "email"
    assert admin_api.get(f"/clients/{created['id']}").json()["email"] == "new@example.com"
    assert admin_api.put("/clients/999999", json={"name": "x"}).status_code == 404


def test_delete(admin_api):
    _, created = new_client(admin_api)
    r = admin_api.delete(f"/clients/{created['id']}")
    assert r.status_code == 200 and r.json() == created
    assert admin_api.get(f"/clients/{created['id']}").status_code == 404
    assert admin_api.delete(f"/clients/{created['id']}").status_code == 404
    assert admin_api.delete("/clients/1").status_code == 403  # the administrator stays


def test_get_missing_is_404_with_the_plesk_message(admin_api):
    r = admin_api.get("/clients/999999")
    assert r.status_code == 404 and r.json() == {"code": 404, "message": "Client is not found"}
    assert admin_api.get("/clients/99999999999999999999").status_code == 404


def test_domains_of_a_client(admin_api, world):
    r = admin_api.get(f"/clients/{world.client_id}/domains")
    assert r.status_code == 200
    assert [d["name"] for d in r.json()] == [world.domain]
    _, other = new_client(admin_api)
    assert admin_api.get(f"/clients/{other['id']}/domains").json() == []
    assert admin_api.get("/clients/999999/domains").status_code == 404


def test_statistics(admin_api, world):
    r = admin_api.get(f"/clients/{world.client_id}/statistics")
    assert r.status_code == 200
    stats = r.json()
    assert set(stats) == {"active_domains", "subdomains", "disk_space", "email_postboxes", "email_redirects",
                          "email_response_messages", "mailing_lists", "databases", "traffic", "traffic_prevday"}
    assert stats["active_domains"] == 1 and all(isinstance(v, int) for v in stats.values())
    assert admin_api.get("/clients/999999/statistics").status_code == 404


def test_suspend_and_activate_with_put_and_with_post(admin_api, world):
    for method in ("PUT", "POST"):
        r = admin_api.request(method, f"/clients/{world.client_id}/suspend")
        assert r.status_code == 200 and r.json() == {"status": "success"}
        assert admin_api.get(f"/clients/{world.client_id}").json()["status"] == 16
        assert admin_api.get(f"/domains/{world.domain_id}/status").json() == {"status": "suspended"}
        r = admin_api.request(method, f"/clients/{world.client_id}/activate")
        assert r.status_code == 200 and r.json() == {"status": "success"}
        assert admin_api.get(f"/clients/{world.client_id}").json()["status"] == 0
    assert admin_api.put("/clients/999999/suspend").status_code == 404
    assert admin_api.post("/clients/999999/activate").status_code == 404
    assert admin_api.put("/clients/1/suspend").status_code == 403


def test_unsupported_methods_are_405_with_allow(admin_api):
    r = admin_api.patch("/clients/1", json={})
    assert r.status_code == 405 and r.json()["code"] == 405
    assert set(r.headers["allow"].split(", ")) >= {"GET", "PUT", "DELETE"}
    assert admin_api.post("/clients/1/statistics").status_code == 405
    assert admin_api.delete("/clients").status_code == 405
