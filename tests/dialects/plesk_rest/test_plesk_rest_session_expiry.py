"""POST /api/v2/server/session in-process with a manual clock: the token expires within minutes;
a reseller with the remote API permission makes tokens for itself and its customers only."""
from starlette.testclient import TestClient

from polypanel.auth.authenticator import Authenticator
from polypanel.core import accounts
from polypanel.dialects.environment import DialectEnv, Listener
from polypanel.dialects.plesk_rest.session_ops import TOKEN_TTL
from polypanel.server.apps import build_app
from tests.conftest import ADMIN_PASSWORD

LISTENER = Listener(name="plesk_https", port=8443, tls=True)
ENTRY = "/enterprise/rsession_init.php"


def _http(panel, ip="127.0.0.1", auth=None):
    app = build_app(DialectEnv(panel=panel, auth=Authenticator(panel)), LISTENER)
    http = TestClient(app, base_url="https://testserver", client=(ip, 40000), follow_redirects=False)
    http.auth = auth
    return http


def test_a_token_is_refused_after_it_expires(panel, clock):
    with _http(panel, auth=("admin", ADMIN_PASSWORD)) as http:
        late = http.post("/api/v2/server/session", json={"login": "admin"}).json()["id"]
        in_time = http.post("/api/v2/server/session", json={"login": "admin"}).json()["id"]
        clock.advance(seconds=TOKEN_TTL - 1)
        assert http.get(ENTRY, params={"PLESKSESSID": in_time}).status_code == 303
        clock.advance(seconds=2)
        assert http.get(ENTRY, params={"PLESKSESSID": late}).status_code == 403
    assert TOKEN_TTL <= 600


def test_a_reseller_with_the_permission_makes_tokens_for_itself_and_its_customers(panel, admin):
    with panel.context(admin) as ctx:
        accounts.create(ctx, role="reseller", login="resone", password="Resell3r-Pass!", email="r@example.com",
                        permissions={"manage_xml_api": True})
        accounts.create(ctx, role="customer", login="hiscust", password="Cust0mer-Pass!", email="c@example.com",
                        owner_login="resone")
        accounts.create(ctx, role="customer", login="admcust", password="Cust0mer-Pass!", email="d@example.com")
    with _http(panel, auth=("resone", "Resell3r-Pass!")) as http:
        for login in ("resone", "hiscust"):
            r = http.post("/api/v2/server/session", json={"login": login})
            assert r.status_code == 201, r.text
            page = http.get(ENTRY, params={"PLESKSESSID": r.json()["id"]})
            assert page.status_code == 303
            assert f'<strong id="login">{login}</strong>' in http.get("/", cookies={"PLESKSESSID": page.cookies["PLESKSESSID"]}).text
        assert http.post("/api/v2/server/session", json={"login": "admcust"}).status_code in (403, 404)
        assert http.post("/api/v2/server/session", json={"login": "admin"}).status_code in (403, 404)
        assert http.get("/api/v2/clients").status_code == 403
