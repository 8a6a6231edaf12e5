"""Sessions over HTTPS: POST /login/?login_only=1 (cookie + /cpsess token) on WHM and cPanel, and the
one-time URL of create_user_session (valid once, five minutes)."""
from __future__ import annotations

import re
import time

import httpx

from tests.conftest import ADMIN_PASSWORD

from .fixtures import unique

PASSWORD = "Sess-Passw0rd!x"


def _client(whm, listener="whm_https") -> httpx.Client:
    return httpx.Client(base_url=whm.url(listener), verify=False, timeout=60)


def test_whm_login_only_session(whm):
    with _client(whm) as c:
        r = c.post("/login/?login_only=1", data={"user": "root", "pass": ADMIN_PASSWORD})
        assert r.status_code == 301, r.text
        body = r.json()
        assert body["status"] == 1 and re.fullmatch(r"/cpsess\d{10}", body["security_token"])
        assert r.headers["location"].startswith(body["security_token"])
        assert "whostmgrsession" in c.cookies
        ok = c.get(f"{body['security_token']}/json-api/version", params={"api.version": "1"})
        assert ok.status_code == 200 and ok.json()["metadata"]["result"] == 1
        # the cookie without its security token, or with another one, is refused
        assert c.get("/json-api/version", params={"api.version": "1"}).status_code == 403
        assert c.get("/cpsess0000000000/json-api/version", params={"api.version": "1"}).status_code == 403
    with _client(whm) as c:
        bad = c.post("/login/?login_only=1", data={"user": "root", "pass": "wrong"})
        assert bad.status_code == 401 and bad.json()["status"] == 0


def test_customer_cannot_log_in_to_whm_but_to_cpanel(whm, admin_whm):
    user = unique("ss")[:10]
    admin_whm.ok("createacct", username=user, domain=f"{user}.example", password=PASSWORD)
    with _client(whm) as c:
        assert c.post("/login/?login_only=1", data={"user": user, "pass": PASSWORD}).status_code == 401
    with _client(whm, "cpanel_https") as c:
        r = c.post("/login/?login_only=1", data={"user": user, "pass": PASSWORD})
        assert r.status_code == 301
        token = r.json()["security_token"]
        doc = c.get(f"{token}/execute/DomainInfo/list_domains").json()
        assert doc["status"] == 1 and doc["data"]["main_domain"] == f"{user}.example"


def test_create_user_session_url_works_once(whm, admin_whm):
    user = unique("su")[:10]
    admin_whm.ok("createacct", username=user, domain=f"{user}.example", password=PASSWORD)
    data = admin_whm.ok("create_user_session", user=user, service="cpaneld")["data"]
    assert data["service"] == "cpaneld" and re.fullmatch(r"/cpsess\d{10}", data["cp_security_token"])
    assert 290 <= data["expires"] - time.time() <= 310
    assert data["session"].startswith(f"{user}:") and ":create_user_session," in data["session"]
    path = data["url"].split(":", 2)[2]
    path = path[path.index("/"):]
    with _client(whm, "cpanel_https") as c:
        r = c.get(path)
        assert r.status_code == 307, r.text
        token = r.headers["location"].split("/")[1]
        doc = c.get(f"/{token}/execute/DomainInfo/list_domains").json()
        assert doc["data"]["main_domain"] == f"{user}.example"
    with _client(whm, "cpanel_https") as c:
        assert c.get(path).status_code == 401  # used once
    bad = admin_whm.call("create_user_session", user=user, service="ftp")
    assert bad["metadata"]["result"] == 0 and "service" in bad["metadata"]["reason"]
    nobody = admin_whm.call("create_user_session", user="nosuchuser", service="cpaneld")
    assert nobody["metadata"]["reason"] == \
        "API failure: You cannot create a session for the user “nosuchuser” because they do not exist."
    admin_whm.ok("suspendacct", user=user)
    suspended = admin_whm.call("create_user_session", user=user, service="cpaneld")
    assert "currently suspended" in suspended["metadata"]["reason"]
