"""cPanel Webmail on 2096/2095 over the wire: /health, a mail account's login (session cookie and
/cpsess token, or Basic), the UAPI subset about its own mailbox, and what it may not do."""
from __future__ import annotations

import httpx

from .fixtures import PASSWORD

MAIL_PASSWORD = "Mail-Passw0rd!x"


def _webmail(server, listener: str = "webmail_https", **kwargs) -> httpx.Client:
    return httpx.Client(base_url=server.url(listener), verify=False, timeout=30, **kwargs)


def _login(c: httpx.Client, user: str, password: str) -> str:
    r = c.post("/login/?login_only=1", data={"user": user, "pass": password})
    assert r.status_code == 301, r.text
    body = r.json()
    assert body["status"] == 1 and body["security_token"].startswith("/cpsess")
    assert r.headers["location"] == body["security_token"] + "/webmail/jupiter/"
    assert "webmailsession" in r.cookies
    return body["security_token"]


def test_health_on_both_webmail_ports(whm):
    for listener in ("webmail_https", "webmail_http"):
        with _webmail(whm, listener) as c:
            r = c.get("/health")
            assert r.status_code == 200


def test_mail_account_logs_in_and_manages_only_itself(whm, cp, account):
    domain = account["domain"]
    me, other = f"info@{domain}", f"sales@{domain}"
    cp.ok("Email", "add_pop", email="info", password=MAIL_PASSWORD, quota="50")
    cp.ok("Email", "add_pop", email="sales", password=MAIL_PASSWORD)
    with _webmail(whm) as c:
        token = _login(c, me, MAIL_PASSWORD)
        pops = c.get(f"{token}/execute/Email/list_pops").json()
        assert pops["status"] == 1 and [p["email"] for p in pops["data"]] == [me]
        assert c.get(f"{token}/execute/Email/get_pop_quota").json()["data"] == 50
        # another mailbox of the same account is "not found" to this login
        theirs = c.get(f"{token}/execute/Email/get_pop_quota", params={"email": other}).json()
        assert theirs["status"] == 0
        assert c.get(f"{token}/execute/Email/passwd_pop", params={"email": other, "password": "Other-Passw0rd!x"}
                     ).json()["status"] == 0
        # functions outside webmail's subset are refused as cPanel refuses them
        refused = c.get(f"{token}/execute/Email/add_pop", params={"email": "x", "password": MAIL_PASSWORD}).json()
        assert refused["status"] == 0
        assert refused["errors"] == ["Execution of Email::add_pop (api version:3) is not permitted inside of webmail"]
        assert c.get(f"{token}/execute/Mysql/list_databases").json()["status"] == 0
        # without the security token the cookie alone is refused
        assert c.get("/execute/Email/list_pops").status_code == 403
        # change its own password: the old one stops working
        assert c.post(f"{token}/execute/Email/passwd_pop", data={"password": "Newer-Passw0rd!x"}).json()["status"] == 1
    with _webmail(whm) as c:
        assert c.post("/login/?login_only=1", data={"user": me, "pass": MAIL_PASSWORD}).status_code == 401
        _login(c, me, "Newer-Passw0rd!x")
    # Basic credentials of the mail account work on the webmail ports, never on cPanel's or WHM's
    with _webmail(whm, auth=(me, "Newer-Passw0rd!x")) as c:
        assert [p["email"] for p in c.get("/execute/Email/list_pops").json()["data"]] == [me]
    assert httpx.get(whm.url("cpanel_https") + "/execute/Email/list_pops", auth=(me, "Newer-Passw0rd!x"),
                     verify=False).status_code == 403
    assert httpx.get(whm.url("whm_https") + "/json-api/listaccts", auth=(me, "Newer-Passw0rd!x"),
                     verify=False).status_code == 403
    # a wrong password, an unknown address, a malformed one: the same refusal
    with _webmail(whm) as c:
        for user, password in ((other, "wrong-Passw0rd!x"), (f"nobody@{domain}", MAIL_PASSWORD), ("@", "x")):
            r = c.post("/login/?login_only=1", data={"user": user, "pass": password})
            assert r.status_code == 401 and r.json() == {"status": 0, "message": "invalid_login"}


def test_cpanel_user_on_webmail_sees_the_account(whm, cp, account):
    domain = account["domain"]
    cp.ok("Email", "add_pop", email="info", password=MAIL_PASSWORD)
    with _webmail(whm) as c:
        token = _login(c, account["user"], PASSWORD)
        emails = [p["email"] for p in c.get(f"{token}/execute/Email/list_pops").json()["data"]]
        assert f"info@{domain}" in emails
        assert c.get(f"{token}/execute/DomainInfo/list_domains").json()["status"] == 0
        # the webmail session is not a cPanel session
        secret = c.cookies["webmailsession"]
    with httpx.Client(base_url=whm.url("cpanel_https"), verify=False, timeout=30,
                      cookies={"cpsession": secret, "webmailsession": secret}) as cpanel:
        assert cpanel.get(f"{token}/execute/DomainInfo/list_domains").status_code == 403
