"""What a new user is given (user.add.finish's FTP user, mail domain and mailbox; limits kept for a user
without hosting), mail domains without a web site, and IP addresses of the pool (ipaddr.edit with an
owner, ipaddr.free), in xml, json and JSONdata (in-process; real daemons: test_ispmgr_served.py)."""
from __future__ import annotations

import pytest

from .conftest import PASSWORD, Isp
from .test_ispmgr_accounts import call

NEW = "New-User-Passw0rd!5"
FTP = "Ftp-User-Passw0rd!7"


def wizard(isp: Isp, out="xml", **params):
    return call(isp, out, func="user.add.finish", sok="ok", passwd=NEW, confirm=NEW, **params)


def test_wizard_makes_ftp_user_mail_domain_and_mailbox(isp: Isp):
    ok = wizard(isp, name="anna", webdomain_name="anna.example", emaildomain_name="anna-mail.example",
                ftp_user="on", ftp_user_name="annaftp", ftp_user_passwd=FTP, email="boss@anna-mail.example")
    assert ok.find("ok") is not None and ok.findtext("id") == "anna"
    assert call(isp, "JSONdata", func="ftp.user") == [{"name": "annaftp", "owner": "anna", "home": "/"}]
    assert {r["name"] for r in call(isp, "JSONdata", func="emaildomain")} == {"anna.example", "anna-mail.example"}
    assert [r["name"] for r in call(isp, "JSONdata", func="webdomain")] == ["anna.example"]  # mail only: no site
    assert [r["name"] for r in call(isp, "JSONdata", func="email")] == ["boss@anna-mail.example"]
    assert call(isp, "JSONdata", func="usrparam", su="anna")["email"] == ""  # the mailbox is no contact address
    # the user sees them as its own
    mine = call(isp, "json", func="email", authinfo=f"anna:{NEW}")["doc"]["elem"]
    assert mine["name"]["$"] == "boss@anna-mail.example"


def test_wizard_as_the_whmcs_module_sends_it(isp: Isp):
    """ftp_user_name alone (no ftp_user flag, no confirm), the user's password for the FTP user too."""
    r = call(isp, func="user.add.finish", sok="ok", name="wuser", passwd=NEW, ftp_user_name="wuserftp",
             webdomain_name="wuser.example", emaildomain_name="wuser.example", ipsrc="do_not_assign")
    assert r.find("ok") is not None
    assert [r["name"] for r in call(isp, "JSONdata", func="ftp.user")] == ["wuserftp"]
    assert [r["name"] for r in call(isp, "JSONdata", func="emaildomain")] == ["wuser.example"]


def test_a_contact_address_elsewhere_is_no_mailbox(isp: Isp):
    wizard(isp, name="carl", webdomain_name="carl.example", emaildomain_name="carl.example", email="carl@gmail.example")
    assert call(isp, "JSONdata", func="email") == []
    assert call(isp, "JSONdata", func="usrparam", su="carl")["email"] == "carl@gmail.example"
    wizard(isp, name="dora", webdomain_name="dora.example", emaildomain_name="dora.example", email="info")
    assert [r["name"] for r in call(isp, "JSONdata", func="email")] == ["info@dora.example"]


@pytest.mark.parametrize("params,field", [
    ({"ftp_user": "on", "ftp_user_name": "bad name!", "webdomain_name": "x1.example"}, "name"),
    ({"ftp_user": "on", "webdomain_name": "x2.example"}, "ftp_user_name"),
    ({"ftp_user_name": "x3ftp"}, "ftp_user_name"),  # no hosting for it
    ({"emaildomain_name": "bad..example"}, "emaildomain_name"),
    ({"webdomain_name": "x5.example", "emaildomain_name": "x5.example", "email": "a b@x5.example"}, "name"),
    ({"webdomain_name": "x6.example", "ftp_user_name": "x6ftp", "ftp_user_passwd": "short"}, "passwd"),
])
def test_a_bad_wizard_field_creates_nothing(isp: Isp, params, field):
    err = wizard(isp, name="xuser", **params).find("error")
    assert err.get("type") == "value" and err.get("object") == field, err.findtext("msg")
    assert call(isp, "JSONdata", func="user") == []
    assert call(isp, "JSONdata", func="webdomain") == [] and call(isp, "JSONdata", func="ftp.user") == []


def test_an_existing_ftp_login_refuses_the_whole_user(isp: Isp):
    isp.customer("owner1", "owner1.example")
    call(isp, func="ftp.user.edit", sok="ok", name="taken", passwd=FTP, su="owner1")
    err = wizard(isp, name="late", webdomain_name="late.example", ftp_user_name="taken").find("error")
    assert err.get("type") == "exists"
    assert "late" not in [r["name"] for r in call(isp, "JSONdata", func="user")]


def test_limits_of_a_user_without_hosting_are_kept_and_enforced_later(isp: Isp):
    isp.plan("small", max_databases=7)
    assert wizard(isp, name="nodom", preset="small", limit_webdomains="1", limit_emails="2").find("ok") is not None
    form = call(isp, "JSONdata", func="user.edit", elid="nodom")
    assert (form["preset"], form["limit_webdomains"], form["limit_emails"], form["limit_db"]) == ("small", "1", "2", "7")
    assert call(isp, func="user.edit", elid="nodom", sok="ok", limit_emails="3").find("ok") is not None
    assert call(isp, "json", func="user.edit", elid="nodom")["doc"]["limit_emails"]["$"] == "3"
    # the first web domain opens the hosting with those limits
    assert call(isp, func="webdomain.edit", sok="ok", name="nodom.example", owner="nodom").find("ok") is not None
    over = call(isp, func="webdomain.edit", sok="ok", name="nodom2.example", owner="nodom").find("error")
    assert over.get("type") == "limit"
    for n in range(3):
        assert call(isp, func="email.edit", sok="ok", name=f"m{n}", domainname="nodom.example", passwd=NEW,
                    su="nodom").find("ok") is not None
    assert call(isp, func="email.edit", sok="ok", name="m9", domainname="nodom.example", passwd=NEW,
                su="nodom").find("error").get("type") == "limit"
    row = call(isp, "JSONdata", func="user")[0]
    assert (row["preset"], row["limit_emails"], row["limit_db"]) == ("small", "3", "7")


def test_limits_kept_only_by_the_users_owner(isp: Isp):
    isp.reseller("res1")
    isp.customer("kid", owner="res1")
    isp.customer("other")
    assert call(isp, func="user.edit", elid="kid", sok="ok", limit_db="2", authinfo=f"res1:{PASSWORD}").find("ok") is not None
    assert call(isp, "JSONdata", func="user.edit", elid="kid")["limit_db"] == "2"
    err = call(isp, func="user.edit", elid="other", sok="ok", limit_db="5", authinfo=f"res1:{PASSWORD}").find("error")
    assert err.get("type") == "missed"
    bad = call(isp, func="user.edit", elid="kid", sok="ok", limit_db="lots").find("error")
    assert bad.get("type") == "value"
    assert call(isp, "JSONdata", func="user.edit", elid="kid")["limit_db"] == "2"


def test_mail_domain_without_a_web_site(isp: Isp):
    isp.customer("mo")
    ok = call(isp, "json", func="emaildomain.edit", sok="ok", name="mo-mail.example", owner="mo")
    assert ok["doc"]["id"]["$"] == "mo-mail.example"
    assert [r["name"] for r in call(isp, "JSONdata", func="emaildomain")] == ["mo-mail.example"]
    assert call(isp, "JSONdata", func="webdomain") == []
    assert [r["name"] for r in call(isp, "JSONdata", func="domain")] == ["mo-mail.example"]  # its zone is served
    assert call(isp, func="email.edit", sok="ok", name="info", domainname="mo-mail.example", passwd=NEW,
                su="mo").find("ok") is not None
    # edits: the one behaviour the server has, or a clear refusal
    assert call(isp, func="emaildomain.edit", elid="mo-mail.example", sok="ok", defaction="error",
                dkim="on", spamassassin="on").find("ok") is not None
    err = call(isp, func="emaildomain.edit", elid="mo-mail.example", sok="ok", defaction="redirect",
               redirval="x@else.example").find("error")
    assert (err.get("type"), err.get("object")) == ("value", "defaction") and "catch-all" in err.findtext("msg")
    assert call(isp, "JSONdata", func="emaildomain.edit", elid="mo-mail.example")["defaction"] == "error"
    # creating it again is a no-op; then the user's web site on that name
    assert call(isp, func="emaildomain.edit", sok="ok", name="mo-mail.example", owner="mo").find("ok") is not None
    assert call(isp, func="webdomain.edit", sok="ok", name="mo-mail.example", owner="mo").find("ok") is not None
    assert [r["name"] for r in call(isp, "JSONdata", func="webdomain")] == ["mo-mail.example"]
    # a second mail domain joins the user's hosting; another tenant's name is not given away
    assert call(isp, func="emaildomain.edit", sok="ok", name="mo-second.example", authinfo=f"mo:{PASSWORD}").find("ok") is not None
    isp.customer("eve", "eve.example")
    taken = call(isp, func="emaildomain.edit", sok="ok", name="mo-second.example", authinfo=f"eve:{PASSWORD}")
    assert taken.find("error").get("type") in ("exists", "missed")
    assert call(isp, func="emaildomain.edit", elid="mo-second.example", authinfo=f"eve:{PASSWORD}").find(
        "error").get("type") == "missed"
    assert call(isp, func="emaildomain.edit", sok="ok", name="", owner="mo").find("error").get("type") == "value"
    admin_own = call(isp, func="emaildomain.edit", sok="ok", name="root-mail.example").find("error")
    assert admin_own.get("type") == "value"


def test_ip_assigned_to_a_user_then_freed_and_deleted(isp: Isp):
    """The billing modules' flow: ipaddr.edit (empty name, iprole=assigned, owner), ipaddr.free, ipaddr.delete."""
    isp.customer("ipuser", "ipuser.example")
    assert call(isp, func="ipaddr.edit", sok="ok", name="192.0.2.50", iprole="assigned").find("ok") is not None
    got = call(isp, func="ipaddr.edit", sok="ok", name="", iprole="assigned", iptype="ipv4", owner="ipuser", node="*")
    assert got.findtext("id") == "192.0.2.50"
    assert call(isp, "JSONdata", func="webdomain")[0]["ipaddr"] == "192.0.2.50"
    a = [r for r in call(isp, "JSONdata", func="domain.record", elid="ipuser.example") if r["rtype"] == "A"]
    assert a and {r["value"] for r in a} == {"192.0.2.50"}
    mine = call(isp, func="ipaddr", su="ipuser")
    assert mine.find("elem[iprole='assigned']/name").text == "192.0.2.50"  # the WHMCS module's XPath
    assert call(isp, func="ipaddr.delete", elid="192.0.2.50").find("error").get("type") == "conflict"
    empty = call(isp, func="ipaddr.edit", sok="ok", name="", iprole="assigned", owner="ipuser").find("error")
    assert empty.get("type") == "missed"  # the pool has no free address left
    assert call(isp, func="ipaddr.free", elid="192.0.2.50", sok="ok").find("ok") is not None
    assert call(isp, "JSONdata", func="webdomain")[0]["ipaddr"] == "127.0.0.1"
    a = [r for r in call(isp, "JSONdata", func="domain.record", elid="ipuser.example") if r["rtype"] == "A"]
    assert {r["value"] for r in a} == {"127.0.0.1"}
    assert call(isp, func="ipaddr.delete", elid="192.0.2.50", sok="ok").find("ok") is not None
    assert call(isp, func="ipaddr.free", elid="192.0.2.50").find("error").get("type") == "missed"
    # a shared address freed: its users move to the other shared address (the test store has 192.0.2.10)
    assert call(isp, func="ipaddr.free", elid="127.0.0.1").find("ok") is not None
    assert call(isp, "JSONdata", func="webdomain")[0]["ipaddr"] == "192.0.2.10"
    assert call(isp, func="ipaddr.delete", elid="127.0.0.1").find("ok") is not None  # unused now
    assert call(isp, func="ipaddr.free", elid="192.0.2.10").find("error").get("type") == "conflict"  # nowhere to go
    assert call(isp, func="ipaddr.free", elid="192.0.2.10", authinfo=f"ipuser:{PASSWORD}").find(
        "error").get("type") == "access"
    assert call(isp, func="ipaddr.free").find("error").get("type") == "value"


def test_wizard_secrets_are_not_echoed_and_a_taken_mail_domain_is_not_handed_over(isp: Isp):
    doc = wizard(isp, name="sec", webdomain_name="sec.example", ftp_user_name="secftp", ftp_user_passwd=FTP,
                 email_passwd=FTP)
    assert doc.find("ok") is not None
    assert doc.find("tparams/ftp_user_name") is not None
    assert doc.find("tparams/ftp_user_passwd") is None and doc.find("tparams/email_passwd") is None
    isp.customer("other2")
    err = call(isp, func="emaildomain.edit", sok="ok", name="sec.example", owner="other2").find("error")
    assert err.get("type") == "exists"
