"""panel.ini transport rules: HTTPS only unless allowed, [api] enabled/allowedIPs, CORS; 404 and 405 bodies."""
import httpx
import pytest

from tests.conftest import ADMIN_PASSWORD

from .fixtures import API, client

ADMIN = ("admin", ADMIN_PASSWORD)


@pytest.fixture(scope="module")
def open_server(plesk_servers):
    return plesk_servers.start("open", "[api]\nallowPlainHttpAccess = on\n"
                                       "[ext-rest-api]\ncors.origin = example.com, https://app.example.org\n"
                                       "cors.methods = GET,POST\n")


@pytest.fixture(scope="module")
def restricted_server(plesk_servers):
    return plesk_servers.start("restricted", "[api]\nallowedIPs = 127.0.0.5, 10.0.0.0/8\n"
                                             "[ext-rest-api]\ncors.enabled = off\n")


def test_plain_http_is_refused_by_default_with_a_clear_error(plesk):
    with client(plesk, auth=ADMIN, listener="plesk_http") as c:
        r = c.get("/server")
        assert r.status_code == 403
        assert "HTTPS" in r.json()["message"] and "allowPlainHttpAccess" in r.json()["message"]
        assert c.get("/swagger.json").status_code == 403


def test_plain_http_when_allowed(open_server):
    with client(open_server, auth=ADMIN, listener="plesk_http") as c:
        assert c.get("/server").status_code == 200
        assert c.get("/swagger.json").json()["schemes"] == ["http"]


def test_api_disabled(plesk_servers):
    server = plesk_servers.start("disabled", "[api]\nenabled = off\n")
    with client(server, auth=ADMIN) as c:
        r = c.get("/clients")
        assert r.status_code == 403 and "disabled" in r.json()["message"]
    assert httpx.get(server.url("plesk_https", "/health"), verify=False).status_code == 200


def test_allowed_ips(restricted_server):
    with client(restricted_server, auth=ADMIN, source_ip="127.0.0.5") as c:
        assert c.get("/server").status_code == 200
    with client(restricted_server, auth=ADMIN, source_ip="127.0.0.6") as c:
        r = c.get("/server")
        assert r.status_code == 403 and "127.0.0.6" in r.json()["message"]


def test_cors_by_default_only_for_the_panels_own_origin(plesk):
    own = f"https://127.0.0.1:{plesk.ports['plesk_https']}"
    with client(plesk, auth=ADMIN, headers={"Origin": own}) as c:
        r = c.get("/server")
        assert r.headers["access-control-allow-origin"] == own
        pre = c.options("/clients", headers={"Access-Control-Request-Method": "POST",
                                             "Access-Control-Request-Headers": "authorization,content-type"})
        assert pre.status_code == 204
        assert "POST" in pre.headers["access-control-allow-methods"]
        assert "X-API-Key" in pre.headers["access-control-allow-headers"]
        assert "Authorization" in pre.headers["access-control-allow-headers"]
    for other in ("https://tool.example.com", "https://127.0.0.1:1", "null"):
        with client(plesk, auth=ADMIN, headers={"Origin": other}) as c:
            assert c.get("/server").status_code == 200
            assert "access-control-allow-origin" not in c.get("/server").headers, other
            assert c.options("/clients", headers={"Access-Control-Request-Method": "GET"}).status_code == 403


def test_cors_for_any_origin_when_asked(plesk_servers):
    server = plesk_servers.start("cors-any", "[ext-rest-api]\ncors.origin = *\n")
    with client(server, auth=ADMIN, headers={"Origin": "https://tool.example.com"}) as c:
        assert c.get("/server").headers["access-control-allow-origin"] == "https://tool.example.com"


def test_the_trailing_slash_redirect_stays_on_the_panel(admin_api, plesk):
    for host in ("evil.example", "evil.example:8443"):
        r = admin_api.get("/domains/", headers={"Host": host}, follow_redirects=False)
        assert 300 <= r.status_code < 400
        assert r.headers["location"] == "/api/v2/domains", r.headers["location"]
    r = httpx.get(plesk.url("plesk_https", "//api/v2/server"), headers={"Host": "evil.example"}, verify=False)
    assert "evil.example" not in r.headers.get("location", "")


def test_cors_restricted_by_origin_and_method(open_server):
    def preflight(origin, method):
        with client(open_server, headers={"Origin": origin, "Access-Control-Request-Method": method}) as c:
            return c.options("/clients")

    for origin in ("https://example.com", "http://example.com", "https://app.example.org"):
        r = preflight(origin, "GET")
        assert r.status_code == 204 and r.headers["access-control-allow-origin"] == origin
        assert r.headers["access-control-allow-methods"] == "GET, POST"
    assert preflight("https://app.example.org", "DELETE").status_code == 403
    assert preflight("https://evil.example.net", "GET").status_code == 403
    assert preflight("http://app.example.org", "GET").status_code == 403  # a full origin matches exactly
    with client(open_server, auth=ADMIN, headers={"Origin": "https://evil.example.net"}) as c:
        assert "access-control-allow-origin" not in c.get("/server").headers


def test_cors_disabled(restricted_server):
    with client(restricted_server, auth=ADMIN, source_ip="127.0.0.5", headers={"Origin": "https://a.example"}) as c:
        assert "access-control-allow-origin" not in c.get("/server").headers
        r = c.options("/server", headers={"Access-Control-Request-Method": "GET"})
        assert r.status_code == 403 and "access-control-allow-origin" not in r.headers


def test_unknown_paths_and_methods_answer_in_plesk_error_form(admin_api, plesk):
    r = admin_api.get("/subscriptions")
    assert r.status_code == 404 and r.json()["code"] == 404
    r = admin_api.get("/auth/keys")
    assert r.status_code == 405 and r.json() == {"code": 405, "message": "Method not allowed"}
    assert r.headers["allow"] == "POST"
    r = httpx.get(plesk.url("plesk_https", API), verify=False, follow_redirects=True)
    assert r.status_code == 200 and "swagger-ui" in r.text
