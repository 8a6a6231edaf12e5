"""/domains: subscriptions (no base or parent), add-on domains (base_domain), subdomains (parent_domain)."""
from .fixtures import unique

DOMAIN_KEYS = {"id", "name", "ascii_name", "hosting_type", "base_domain_id", "www_root", "guid", "created", "aliases",
               "provisioning"}


def test_list_filter_by_name_and_no_match_is_an_empty_list(admin_api, world):
    r = admin_api.get("/domains")
    assert r.status_code == 200 and world.domain in [d["name"] for d in r.json()]
    r = admin_api.get("/domains", params={"name": world.domain})
    assert [d["id"] for d in r.json()] == [world.domain_id]
    d = r.json()[0]
    assert set(d) == DOMAIN_KEYS
    assert d["base_domain_id"] == 0 and d["hosting_type"] == "virtual" and d["aliases"] == []
    assert d["www_root"].endswith(f"/{world.domain}/httpdocs")
    assert admin_api.get("/domains", params={"name": "nothing-here.example"}).json() == []
    assert admin_api.get("/domains", params={"name": "not a name"}).json() == []


def test_a_subscription_gets_its_system_user_and_belongs_to_the_owner(admin_api, world):
    r = admin_api.get(f"/domains/{world.domain_id}")
    assert r.status_code == 200 and r.json()["name"] == world.domain
    owner = admin_api.get(f"/domains/{world.domain_id}/client").json()
    assert owner["login"] == world.login and owner["id"] == world.client_id
    # The subscription's FTP login is taken: nobody else can have it.
    login = admin_api.get("/ftpusers", params={"domain": world.domain}).json()
    assert login == []  # the system user is not listed as an additional FTP user


def test_without_owner_the_admin_owns_it_and_a_plan_and_ip_may_be_given(admin_api):
    name = f"{unique('adm')}.example"
    r = admin_api.post("/domains", json={"name": name, "plan": {"name": "Unlimited"}, "ip_addresses": ["127.0.0.1"],
                                         "description": "mine"})
    assert r.status_code == 201
    got = admin_api.get(f"/domains/{r.json()['id']}").json()
    assert (got["name"], got["guid"], got["hosting_type"]) == (name, r.json()["guid"], "virtual")
    assert admin_api.get(f"/domains/{r.json()['id']}/client").json()["id"] == 1


def test_add_on_domain_and_subdomain(admin_api, world):
    addon = f"{unique('addon')}.example"
    r = admin_api.post("/domains", json={"name": addon, "base_domain": {"name": world.domain}})
    assert r.status_code == 201, r.text
    addon_id = r.json()["id"]
    got = admin_api.get(f"/domains/{addon_id}").json()
    assert got["base_domain_id"] == world.domain_id
    r = admin_api.post("/domains", json={"name": f"blog.{world.domain}", "parent_domain": {"id": world.domain_id}})
    assert r.status_code == 201, r.text
    sub_id = r.json()["id"]
    assert admin_api.get(f"/domains/{sub_id}").json()["name"] == f"blog.{world.domain}"
    r = admin_api.post("/domains", json={"name": "shop", "parent_domain": {"guid": got["guid"]}})
    assert r.status_code == 201 and admin_api.get(f"/domains/{r.json()['id']}").json()["name"] == f"shop.{addon}"
    names = {d["name"] for d in admin_api.get(f"/clients/{world.client_id}/domains").json()}
    assert {world.domain, addon, f"blog.{world.domain}", f"shop.{addon}"} == names
    r = admin_api.delete(f"/domains/{sub_id}")
    assert r.status_code == 200 and r.json()["id"] == sub_id
    assert admin_api.get(f"/domains/{sub_id}").status_code == 404


def test_forwarding_domain(admin_api, world):
    name = f"{unique('fwd')}.example"
    r = admin_api.post("/domains", json={"name": name, "hosting_type": "standard_forwarding",
                                         "hosting_settings": {"dest_url": "https://example.org/"}})
    assert r.status_code == 201
    assert admin_api.get(f"/domains/{r.json()['id']}").json()["hosting_type"] == "standard_forwarding"
    refused = f"{unique('fwd')}.example"
    r = admin_api.post("/domains", json={"name": refused, "hosting_type": "frame_forwarding"})
    assert r.status_code == 400 and r.json()["errors"][0]["property"] == "hosting_settings.dest_url"
    assert admin_api.get("/domains", params={"name": refused}).json() == []


def test_create_failures(admin_api, world):
    cases = [
        ({}, 400),
        ({"name": "not a domain"}, 400),
        ({"name": world.domain}, 400),  # exists
        ({"name": f"{unique()}.example", "hosting_type": "bogus"}, 400),
        ({"name": f"{unique()}.example", "owner_client": {"login": "no-such-client"}}, 404),
        ({"name": f"{unique()}.example", "owner_client": {}}, 400),
        ({"name": f"{unique()}.example", "plan": {"name": "No Such Plan"}}, 404),
        ({"name": f"{unique()}.example", "base_domain": {"name": "missing.example"}}, 404),
        ({"name": f"{unique()}.example", "ip_addresses": ["203.0.113.99"]}, 404),
        ({"name": f"{unique()}.example", "hosting_settings": {"ftp_login": "Bad Login"}}, 400),
    ]
    before = admin_api.get("/domains").json()
    for body, status in cases:
        r = admin_api.post("/domains", json=body)
        assert r.status_code == status, (body, r.text)
        assert r.json()["code"] == status and r.json()["message"]
    assert admin_api.get("/domains").json() == before  # none of them was stored


def test_update(admin_api, world):
    r = admin_api.put(f"/domains/{world.domain_id}", json={"description": "changed",
                                                             "hosting_settings": {"ftp_password": "N3w-Ftp-Pass"}})
    assert r.status_code == 200 and r.json()["id"] == world.domain_id and "guid" in r.json()
    r = admin_api.put(f"/domains/{world.domain_id}", json={"hosting_type": "standard_forwarding",
                                                             "hosting_settings": {"dest_url": "http://example.net"}})
    assert r.status_code == 200
    assert admin_api.get(f"/domains/{world.domain_id}").json()["hosting_type"] == "standard_forwarding"
    before = admin_api.get(f"/domains/{world.domain_id}").json()
    r = admin_api.put(f"/domains/{world.domain_id}", json={"name": "other-name.example"})
    assert r.status_code == 400 and r.json()["errors"][0]["property"] == "name"
    r = admin_api.put(f"/domains/{world.domain_id}", json={"hosting_settings": {"ftp_login": "someone-else"},
                                                             "hosting_type": "virtual"})
    assert r.status_code == 400 and r.json()["errors"][0]["property"] == "hosting_settings.ftp_login"
    assert admin_api.get(f"/domains/{world.domain_id}").json() == before  # the refused changes left it as it was
    assert admin_api.put("/domains/999999", json={}).status_code == 404


def test_status(admin_api, world):
    assert admin_api.get(f"/domains/{world.domain_id}/status").json() == {"status": "active"}
    for status in ("suspended", "disabled", "active"):
        r = admin_api.put(f"/domains/{world.domain_id}/status", json={"status": status})
        assert r.status_code == 200 and r.json() == {"status": status}
        assert admin_api.get(f"/domains/{world.domain_id}/status").json() == {"status": status}
    assert admin_api.put(f"/domains/{world.domain_id}/status", json={"status": "gone"}).status_code == 400
    assert admin_api.put(f"/domains/{world.domain_id}/status", json={}).status_code == 400
    assert admin_api.get(f"/domains/{world.domain_id}/status").json() == {"status": "active"}
    assert admin_api.get("/domains/999999/status").status_code == 404
    assert admin_api.put("/domains/999999/status", json={"status": "active"}).status_code == 404


def test_delete_a_subscription_and_missing_ones(admin_api, world):
    r = admin_api.delete(f"/domains/{world.domain_id}")
    assert r.status_code == 200 and r.json()["id"] == world.domain_id
    assert admin_api.get(f"/domains/{world.domain_id}").status_code == 404
    assert admin_api.get(f"/clients/{world.client_id}/domains").json() == []
    r = admin_api.delete(f"/domains/{world.domain_id}")
    assert r.status_code == 404 and r.json() == {"code": 404, "message": "Domain is not found"}
    assert admin_api.get("/domains/999999/client").status_code == 404
