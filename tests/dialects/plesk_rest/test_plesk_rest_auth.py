"""Who may call: Basic (admin, root) or X-API-Key; only the administrator; keys bound to addresses; the guard."""
import base64

import pytest

from polypanel.dialects.plesk_rest import spec
from tests.conftest import ADMIN_PASSWORD

from .fixtures import client, unique

OPERATIONS = sorted(spec.operations())


def concrete(path: str) -> str:
    return path.replace("{id}", "1").replace("{key}", "k").replace("{name}", "n")


@pytest.mark.parametrize("method,path", OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_every_operation_refuses_a_call_without_credentials(plesk, method, path):
    with client(plesk) as anon:
        r = anon.request(method, concrete(path), params={"domain": "example.com"},
                         json={} if method in ("POST", "PUT") else None)
    assert r.status_code == 401
    assert r.json()["code"] == 401
    assert r.headers["www-authenticate"].startswith("Basic")


def test_basic_auth_as_admin_and_as_root(plesk):
    for login in ("admin", "root"):
        with client(plesk, auth=(login, ADMIN_PASSWORD)) as c:
            r = c.get("/clients/1")
            assert r.status_code == 200 and r.json()["login"] == "admin" and r.json()["type"] == "admin"


def test_wrong_password_is_401_with_a_plesk_error_body(plesk):
    with client(plesk, auth=("admin", "wrong"), source_ip="127.0.0.21") as c:
        r = c.get("/server")
    assert r.status_code == 401 and set(r.json()) == {"code", "message"}


def test_keys_create_use_and_delete(plesk, admin_api):
    r = admin_api.post("/auth/keys", json={})
    assert r.status_code == 201 and set(r.json()) == {"key"}
    key = r.json()["key"]
    with client(plesk, key=key) as c:
        assert c.get("/server").status_code == 200
        # A key cannot make keys: that needs the administrator's password.
        assert c.post("/auth/keys", json={}).status_code == 401
    assert admin_api.delete(f"/auth/keys/{key}").json() == {"status": "success"}
    with client(plesk, key=key, source_ip="127.0.0.22") as c:
        assert c.get("/server").status_code == 401
    r = admin_api.delete(f"/auth/keys/{key}")
    assert r.status_code == 404 and r.json() == {"code": 404, "message": "Key does not exist"}


def test_a_key_is_bound_to_the_callers_address_unless_ips_are_given(plesk, admin_api):
    key = admin_api.post("/auth/keys", json={"description": "bound"}).json()["key"]
    with client(plesk, key=key) as c:
        assert c.get("/server").status_code == 200
    with client(plesk, key=key, source_ip="127.0.0.23") as c:
        assert c.get("/server").status_code == 401
    key2 = admin_api.post("/auth/keys", json={"ip": "127.0.0.24", "ips": ["127.0.0.25"]}).json()["key"]
    for ip, status in (("127.0.0.24", 200), ("127.0.0.25", 200), ("127.0.0.1", 401)):
        with client(plesk, key=key2, source_ip=ip) as c:
            assert c.get("/server").status_code == status, ip
    r = admin_api.post("/auth/keys", json={"ip": "not-an-ip"})
    assert r.status_code == 400 and r.json()["errors"][0]["property"] == "ip"


def test_keys_are_never_taken_from_url_arguments(plesk, admin_api):
    key = admin_api.post("/auth/keys", json={}).json()["key"]
    with client(plesk) as anon:
        for name in ("key", "X-API-Key", "api_key", "apiKey"):
            assert anon.get("/server", params={name: key}).status_code == 401


def test_both_credentials_may_be_sent_and_each_sent_must_be_valid(plesk, admin_api):
    key = admin_api.post("/auth/keys", json={}).json()["key"]
    # The Team-Nifty SDK sends Basic and X-API-Key together, the key possibly empty.
    with client(plesk, auth=("admin", ADMIN_PASSWORD), key="") as c:
        assert c.get("/server").status_code == 200
    with client(plesk, auth=("admin", ADMIN_PASSWORD), key=key) as c:
        assert c.get("/server").status_code == 200
    with client(plesk, key=key, headers={"Authorization": "Basic " + base64.b64encode(b":").decode()}) as c:
        assert c.get("/server").status_code == 200  # an empty Basic pair beside a key counts as not sent
    with client(plesk, auth=("admin", ADMIN_PASSWORD), key="not-a-key", source_ip="127.0.0.27") as c:
        assert c.get("/server").status_code == 401
    with client(plesk, key=key, headers={"Authorization": "Basic " + base64.b64encode(b"admin:nope").decode()}) as c:
        assert c.get("/server").status_code == 401


def test_only_the_administrator_may_use_the_api(plesk, admin_api, world):
    r = admin_api.post("/auth/keys", json={"login": world.login, "ip": "127.0.0.1", "description": "customer key"})
    assert r.status_code == 201
    with client(plesk, key=r.json()["key"]) as c:
        r = c.get("/domains")
        assert r.status_code == 403 and r.json()["code"] == 403
    with client(plesk, auth=(world.login, "Cust0mer-Pass!")) as c:
        assert c.get("/clients").status_code == 403
    r = admin_api.post("/auth/keys", json={"login": "no-such-login"})
    assert r.status_code == 404


WRITES = [(m, p) for m, p in OPERATIONS if m != "GET"]


def test_no_customer_or_reseller_credential_may_write_anything(plesk, admin_api, world):
    """The API is the administrator's: a customer's key or password, or a reseller's password, on any
    create, change or delete of a tenant's objects gets 403 and the store stays as it was."""
    reseller = unique("res")
    assert admin_api.post("/clients", json={"name": "R", "login": reseller, "password": "Resell3r-Pass!",
                                            "email": f"{reseller}@example.com", "type": "reseller"}).status_code == 201
    key = admin_api.post("/auth/keys", json={"login": world.login, "ip": "127.0.0.1"}).json()["key"]

    def state():
        return [admin_api.get(path, params=params).json() for path, params in (
            ("/clients", None), ("/domains", None), ("/dns/records", {"domain": world.domain}), ("/ftpusers", None),
            ("/databases", None), ("/dbusers", None))]

    before = state()
    record_id = before[2][0]["id"]
    paths = {"{id}": str(world.domain_id), "{key}": key, "{name}": "n"}
    for kwargs in ({"key": key}, {"auth": (world.login, "Cust0mer-Pass!")}, {"auth": (reseller, "Resell3r-Pass!")}):
        with client(plesk, **kwargs) as c:
            for method, path in WRITES:
                concrete_path = path
                for placeholder, value in paths.items():
                    concrete_path = concrete_path.replace(placeholder, value)
                if path.startswith("/clients/"):
                    concrete_path = concrete_path.replace(str(world.domain_id), str(world.client_id), 1)
                if path.startswith("/dns/records/"):
                    concrete_path = f"/dns/records/{record_id}"
                body = {"name": "hijacked.example", "login": "hijacked", "password": "Hij4cked-Pass!",
                        "email": "h@example.com", "type": "customer", "status": "suspended"}
                r = c.request(method, concrete_path, params={"domain": world.domain},
                              json=body if method in ("POST", "PUT") else None)
                assert r.status_code == 403, (kwargs.get("auth", ("key",))[0], method, concrete_path, r.text)
                assert r.json()["code"] == 403
    assert state() == before


def test_malformed_authorization_headers_are_401(plesk):
    for header in ("Basic !!!", "Basic " + base64.b64encode(b"no-colon").decode(), "Bearer abc", "Basic"):
        with client(plesk, headers={"Authorization": header}, source_ip="127.0.0.26") as c:
            assert c.get("/server").status_code == 401, header


def test_the_brute_force_guard_applies(plesk_servers):
    server = plesk_servers.start("guard")
    with client(server, auth=("admin", "wrong-password")) as bad:
        for _ in range(5):
            assert bad.get("/server").status_code == 401
    # Now even the right password is refused for a while, with the same answer.
    with client(server, auth=("admin", ADMIN_PASSWORD)) as good:
        r = good.get("/server")
        assert r.status_code == 401 and r.json()["code"] == 401
    # The guard counts per login: a key for the admin made on the box still works.
    r = server.cli("secret-key", "create", "--ip-address", "127.0.0.1")
    with client(server, key=r.stdout.strip()) as c:
        assert c.get("/server").status_code == 200
