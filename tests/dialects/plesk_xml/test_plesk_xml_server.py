"""agent.php on a real ``polypanel serve`` (granian): header names with underscores survive the HTTP
stack, replies are 200 text/xml, plain HTTP is refused by default, batches work end to end."""
import httpx
from lxml import etree

from tests.conftest import ADMIN_PASSWORD

from .conftest import AGENT

HEADERS = {"Content-Type": "text/xml", "HTTP_AUTH_LOGIN": "admin", "HTTP_AUTH_PASSWD": ADMIN_PASSWORD,
           "HTTP_PRETTY_PRINT": "TRUE"}


def test_real_server_over_https_and_http(panel_process):
    p = panel_process().start(timeout=60)
    with httpx.Client(base_url=p.url("plesk_https"), verify=False, timeout=30) as https:
        r = https.post(AGENT, headers=HEADERS, content=b"<packet><server><get_protos/></server>"
                                                       b"<customer><get><filter><login>nobody</login></filter>"
                                                       b"<dataset><gen_info/></dataset></get></customer></packet>")
        assert r.status_code == 200 and r.headers["content-type"] == "text/xml;charset=UTF-8"
        assert b"\n  <server>\n    <get_protos>" in r.content  # pretty printed: the header arrived
        root = etree.fromstring(r.content)
        assert root.findtext("server/get_protos/result/status") == "ok"
        assert root.findtext("customer/get/result/errcode") == "1013"
        bad = https.post(AGENT, headers={**HEADERS, "HTTP_AUTH_PASSWD": "wrong"}, content=b"<packet/>")
        assert bad.status_code == 200 and etree.fromstring(bad.content).findtext("system/errcode") == "1001"
        broken = https.post(AGENT, headers=HEADERS, content=b"<packet><server>")
        assert etree.fromstring(broken.content).findtext("system/errcode") == "1014"
    with httpx.Client(base_url=p.url("plesk_http"), timeout=30) as plain:
        r = plain.post(AGENT, headers=HEADERS, content=b"<packet><server><get_protos/></server></packet>")
        assert r.status_code == 200
        root = etree.fromstring(r.content)
        assert root.findtext("system/status") == "error" and "HTTPS" in root.findtext("system/errtext")
