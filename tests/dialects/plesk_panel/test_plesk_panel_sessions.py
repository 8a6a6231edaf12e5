"""Single-use session tokens redeemed at /enterprise/rsession_init.php: once, from the bound address, in time."""
from starlette.testclient import TestClient

from polypanel.auth import sessions
from polypanel.auth.authenticator import Authenticator
from polypanel.core import accounts
from polypanel.dialects.environment import DialectEnv, Listener
from polypanel.server.apps import build_app

LISTENER = Listener(name="plesk_https", port=8443, tls=True)


def _app(panel):
    return build_app(DialectEnv(panel=panel, auth=Authenticator(panel)), LISTENER)


def _client(app, ip="127.0.0.1"):
    return TestClient(app, base_url="https://testserver", client=(ip, 40000), follow_redirects=False)


def _token(panel, admin, login=None, ip="127.0.0.1", ttl=300):
    with panel.context(admin) as ctx:
        if login:
            accounts.create(ctx, role="customer", login=login, password="Cust0mer-Pass!", email="c@example.com")
        return sessions.one_time_key(ctx, login=login, bind_ip=ip, ttl_seconds=ttl)


def test_a_token_logs_in_once_and_the_start_page_says_who(panel, admin):
    app = _app(panel)
    token = _token(panel, admin, login="jdoe")
    with _client(app) as http:
        r = http.get("/enterprise/rsession_init.php", params={"PLESKSESSID": token})
        assert r.status_code == 303 and r.headers["location"] == "/"
        cookie = r.cookies["PLESKSESSID"]
        assert "httponly" in r.headers["set-cookie"].lower() and "secure" in r.headers["set-cookie"].lower()
        page = http.get("/", cookies={"PLESKSESSID": cookie})
        assert page.status_code == 200 and '<strong id="login">jdoe</strong>' in page.text
        again = http.get("/enterprise/rsession_init.php", params={"PLESKSESSID": token})
        assert again.status_code == 403 and "PLESKSESSID" not in again.cookies
    with _client(app) as fresh:
        assert "Not logged in" in fresh.get("/").text


def test_a_token_is_refused_from_another_address_and_after_expiry(panel, admin, clock):
    app = _app(panel)
    token = _token(panel, admin, ip="127.0.0.1")
    with _client(app, ip="127.0.0.9") as other:
        assert other.get("/enterprise/rsession_init.php", params={"PLESKSESSID": token}).status_code == 403
    with _client(app) as http:  # refused elsewhere, it still works once from its own address
        assert http.get("/enterprise/rsession_init.php", params={"PLESKSESSID": token}).status_code == 303
    late = _token(panel, admin, ip="127.0.0.1", ttl=60)
    clock.advance(seconds=61)
    with _client(app) as http:
        assert http.get("/enterprise/rsession_init.php", params={"PLESKSESSID": late}).status_code == 403


def test_an_unknown_or_missing_token_is_refused(panel):
    with _client(_app(panel)) as http:
        assert http.get("/enterprise/rsession_init.php").status_code == 403
        assert http.get("/enterprise/rsession_init.php", params={"PLESKSESSID": "x" * 40}).status_code == 403
        assert http.get("/enterprise/rsession_init.php", params={"PLESKSESSID": "x" * 5000}).status_code == 403
