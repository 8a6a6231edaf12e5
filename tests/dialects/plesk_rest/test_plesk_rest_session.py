"""POST /api/v2/server/session: a single-use token redeemed at /enterprise/rsession_init.php,
over HTTPS against a real server: made, redeemed once from its address, refused a second time and
from another address; who may make one for whom (Plesk: the administrator for anyone, a reseller
for itself and its customers, a customer for itself)."""
import httpx

from tests.conftest import ADMIN_PASSWORD

from .fixtures import client, unique

ENTRY = "/enterprise/rsession_init.php"


def _entry(plesk, source_ip: str | None = None) -> httpx.Client:
    transport = httpx.HTTPTransport(verify=False, local_address=source_ip) if source_ip else None
    return httpx.Client(base_url=plesk.url("plesk_https", ""), verify=False, timeout=60, transport=transport,
                        follow_redirects=False)


def _customer(admin_api, owner: str | None = None) -> str:
    login = unique("sess")
    body = {"name": "Session Person", "login": login, "password": "Cust0mer-Pass!", "email": f"{login}@example.com",
            "type": "customer"}
    if owner:
        body["owner_login"] = owner
    assert admin_api.post("/clients", json=body).status_code == 201
    return login


def test_a_token_is_made_redeemed_once_from_its_address_and_refused_elsewhere(plesk, admin_api):
    login = _customer(admin_api)
    r = admin_api.post("/server/session", json={"login": login, "user_ip": "127.0.0.41"})
    assert r.status_code == 201 and set(r.json()) == {"id"}
    token = r.json()["id"]
    assert len(token) >= 32 and token.isalnum()
    with _entry(plesk, "127.0.0.42") as other:
        assert other.get(ENTRY, params={"PLESKSESSID": token}).status_code == 403
    with _entry(plesk, "127.0.0.41") as http:
        first = http.get(ENTRY, params={"PLESKSESSID": token})
        assert first.status_code == 303 and first.headers["location"] == "/"
        cookie = first.cookies["PLESKSESSID"]
        page = http.get("/", cookies={"PLESKSESSID": cookie})
        assert f'<strong id="login">{login}</strong>' in page.text
        again = http.get(ENTRY, params={"PLESKSESSID": token})
        assert again.status_code == 403 and "PLESKSESSID" not in again.cookies


def test_without_user_ip_the_token_is_bound_to_the_callers_address(plesk):
    with client(plesk, auth=("admin", ADMIN_PASSWORD), source_ip="127.0.0.43") as api:
        token = api.post("/server/session", json={"login": "admin", "skip_mfa": True}).json()["id"]
    with _entry(plesk, "127.0.0.44") as other:
        assert other.get(ENTRY, params={"PLESKSESSID": token}).status_code == 403
    with _entry(plesk, "127.0.0.43") as http:
        r = http.get(ENTRY, params={"PLESKSESSID": token})
        assert r.status_code == 303
        assert '<strong id="login">admin</strong>' in http.get("/", cookies={"PLESKSESSID": r.cookies["PLESKSESSID"]}).text


def test_bad_requests_get_plesk_errors(admin_api):
    assert admin_api.post("/server/session", json={}).json()["errors"] == [{"property": "login", "message": "is required"}]
    r = admin_api.post("/server/session", json={"login": "admin", "user_ip": "not-an-ip"})
    assert r.status_code == 400 and r.json()["errors"][0]["property"] == "user_ip"
    assert admin_api.post("/server/session", json={"login": "admin", "skip_mfa": "yes"}).status_code == 400
    assert admin_api.post("/server/session", json={"login": "nobody-such-login"}).status_code == 404
    assert admin_api.post("/server/session").status_code == 400  # the body is required


def test_a_customer_makes_tokens_for_itself_only_and_uses_no_other_operation(plesk, admin_api):
    me, other = _customer(admin_api), _customer(admin_api)
    with client(plesk, auth=(me, "Cust0mer-Pass!")) as api:
        r = api.post("/server/session", json={"login": me})
        assert r.status_code == 201 and r.json()["id"]
        assert api.post("/server/session", json={"login": other}).status_code in (403, 404)
        assert api.post("/server/session", json={"login": "admin"}).status_code in (403, 404)
        assert api.get("/server").status_code == 403 and api.get("/clients").status_code == 403
    with client(plesk) as anon:
        assert anon.post("/server/session", json={"login": "admin"}).status_code == 401


def test_a_reseller_needs_the_remote_api_permission(plesk, admin_api):
    reseller = unique("res")
    assert admin_api.post("/clients", json={"name": "R", "login": reseller, "password": "Resell3r-Pass!",
                                            "email": f"{reseller}@example.com", "type": "reseller"}).status_code == 201
    with client(plesk, auth=(reseller, "Resell3r-Pass!")) as api:
        r = api.post("/server/session", json={"login": reseller})
        assert r.status_code == 403 and "remote API" in r.json()["message"]
