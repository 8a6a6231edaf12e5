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


# POST /server/session is open to resellers and customers, as Plesk documents (test_plesk_rest_session.py).
WRITES = [(m, p) for m, p in OPERATIONS if m != "GET" and (m, p) != ("POST", "/server/session")]


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


def fail_from(server, login: str, ip: str, times: int = 1) -> None:
    with client(server, auth=(login, "wrong-password"), source_ip=ip) as bad:
        for _ in range(times):
            assert bad.get("/server").status_code == 401


def status_from(server, login: str, ip: str) -> int:
    with client(server, auth=(login, ADMIN_PASSWORD), source_ip=ip) as c:
        return c.get("/server").status_code


@pytest.fixture(scope="module")
def guarded(plesk_servers):
    return plesk_servers.start("guard", extra_ini="[security]\ntrusted_ips = 127.0.0.200\n")


def test_the_guard_blocks_the_address_first(guarded):
    fail_from(guarded, "admin", "127.0.0.31", 5)
    with client(guarded, auth=("admin", ADMIN_PASSWORD), source_ip="127.0.0.31") as good:
        r = good.get("/server")  # even the right password, with the same answer
        assert r.status_code == 401 and r.json()["code"] == 401
    assert status_from(guarded, "admin", "127.0.0.32") == 200  # five tries do not lock the admin out


def test_the_guard_counts_aliases_together_and_spares_trusted_addresses(guarded):
    for i in range(15):  # never five from one address: only the account's counter can block
        fail_from(guarded, ("root", "admin", "Admin")[i % 3], f"127.0.1.{i + 1}")
    assert status_from(guarded, "admin", "127.0.0.33") == 401
    assert status_from(guarded, "root", "127.0.0.33") == 401  # no side door through the alias
    assert status_from(guarded, "admin", "127.0.0.200") == 200  # panel.ini [security] trusted_ips
    assert "127.0.0.201/32 is trusted" in guarded.cli("unblock", "--allow", "127.0.0.201").stdout
    assert status_from(guarded, "root", "127.0.0.201") == 200
    listing = guarded.cli("unblock", "--list").stdout
    assert "login" in listing and "127.0.0.200/32" in listing and "127.0.0.201/32" in listing
    # Keys are not the account's password: a key made on the box still works.
    key = guarded.cli("secret-key", "create", "--ip-address", "127.0.0.34").stdout.strip()
    with client(guarded, key=key, source_ip="127.0.0.34") as c:
        assert c.get("/server").status_code == 200
    assert "1 block(s) lifted" in guarded.cli("unblock", "--login", "root").stdout
    assert status_from(guarded, "admin", "127.0.0.33") == 200


def test_a_success_resets_the_accounts_failures(guarded):
    for i in range(14):
        fail_from(guarded, "admin", f"127.0.2.{i + 1}")
    assert status_from(guarded, "root", "127.0.0.35") == 200
    for i in range(14):  # 28 in the window, but the success started the count again
        fail_from(guarded, "root", f"127.0.3.{i + 1}")
    assert status_from(guarded, "admin", "127.0.0.35") == 200


def test_a_key_cannot_mint_a_wider_key_through_the_cli_gateway(plesk, admin_api):
    key = admin_api.post("/auth/keys", json={"ip": "127.0.0.41", "description": "narrow"}).json()["key"]
    before = admin_api.post("/cli/secret_key/call", json={"params": ["-l"]}).json()["stdout"].count("Key:")
    with client(plesk, key=key, source_ip="127.0.0.41") as c:
        for params in (["-c", "-ip-address", "0.0.0.0/0"], ["-c"], ["-c", "-ip-address", "127.0.0.41"]):
            r = c.post("/cli/secret_key/call", json={"params": params})
            assert r.status_code == 200 and r.json()["code"] == 1, r.text
            assert "password" in r.json()["stderr"] and not r.json()["stdout"].strip()
        assert c.post("/auth/keys", json={"ip": "0.0.0.0/0"}).status_code == 401
    after = admin_api.post("/cli/secret_key/call", json={"params": ["-l"]}).json()["stdout"].count("Key:")
    assert after == before
