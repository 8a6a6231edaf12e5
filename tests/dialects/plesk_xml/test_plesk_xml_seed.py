"""The seed flow (a Plesk support article), verbatim against a real ``polypanel serve`` over HTTPS:
``plesk bin secret_key -c`` makes the admin's key, curl runs secret_key.create for jdoe with it,
and jdoe's key then works for jdoe's own objects. Only host, port and addresses are changed."""
import os
import re
import subprocess
import sys
from pathlib import Path

from lxml import etree

from tests.conftest import ADMIN_PASSWORD

from .conftest import AGENT

SEED_PACKET = """<packet version="1.6.3.0">
<secret_key>
<create>
<ip_address>127.0.0.1</ip_address>
<login>jdoe</login>
</create>
</secret_key>
</packet>"""


def curl(key: str, rpc, url: str) -> tuple[str, etree._Element]:
    out = subprocess.run(["curl", "-kLi", "-H", "Content-Type: text/xml", "-H", f"KEY: {key}", "-H",
                          "HTTP_PRETTY_PRINT: TRUE", "-d", f"@{rpc}", url],
                         capture_output=True, timeout=60, check=True).stdout
    head, _, body = out.partition(b"\r\n\r\n")
    return head.decode(), etree.fromstring(body)


def test_seed_flow_with_plesk_bin_and_curl(panel_process, tmp_path):
    p = panel_process().start(timeout=60)
    url = p.url("plesk_https", AGENT)
    with p.client() as http:  # jdoe exists, as in the article
        r = http.post(AGENT, headers={"HTTP_AUTH_LOGIN": "admin", "HTTP_AUTH_PASSWD": ADMIN_PASSWORD},
                      content=b"<packet><customer><add><gen_info><pname>John Doe</pname><login>jdoe</login>"
                              b"<passwd>Jd0e-Passw0rd!</passwd></gen_info></add></customer></packet>")
        assert b"<status>ok</status>" in r.content, r.text

    env = {**os.environ, "POLYPANEL_DATA_DIR": str(p.data_dir)}
    if p.database_url:
        env["POLYPANEL_DATABASE_URL"] = p.database_url
    plesk = str(Path(sys.executable).parent / "plesk")
    made = subprocess.run([plesk, "bin", "secret_key", "-c", "-ip-address", "127.0.0.1", "-description",
                           "Admin access token"], capture_output=True, text=True, env=env, timeout=60)
    assert made.returncode == 0, made.stderr
    admin_key = made.stdout.strip()
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", admin_key)

    rpc = tmp_path / "api.rpc"
    rpc.write_text(SEED_PACKET)
    head, root = curl(admin_key, rpc, url)
    assert head.split()[1] == "200" and "text/xml;charset=UTF-8" in head
    assert root.get("version") == "1.6.3.0"
    result = root.find("secret_key/create/result")
    assert result is not None, etree.tostring(root)
    assert result.findtext("status") == "ok", etree.tostring(root)
    jdoe_key = result.findtext("key")
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", jdoe_key)

    rpc.write_text("<packet><customer><get><filter/><dataset><gen_info/></dataset></get></customer></packet>")
    _head, root = curl(jdoe_key, rpc, url)
    assert [r.findtext("data/gen_info/login") for r in root.findall("customer/get/result")] == ["jdoe"]
    _head, root = curl(admin_key, rpc, url)
    assert "jdoe" in [r.findtext("data/gen_info/login") for r in root.findall("customer/get/result")]

    # The same keys serve the REST API where the owner may use it: the administrator's does.
    with p.client() as http:
        assert http.get("/api/v2/server", headers={"X-API-Key": admin_key}).status_code == 200
        assert http.get("/api/v2/server", headers={"X-API-Key": jdoe_key}).status_code in (401, 403)
