"""What agent.php sets up really serves: a protected directory asks a real nginx for credentials,
a mail alias resolves to its mailbox in the Postfix map that postmap compiled."""
from __future__ import annotations

import subprocess

from polypanel.provision.ports import free_port
from tests.provision.conftest import require_binary
from tests.provision.test_jobs import DRY, stack  # noqa: F401 - the fixture

from .conftest import Agent, packet, results
from .test_plesk_xml_dns import webspace

PW = "Guard-Passw0rd!1"


def status(port: int, host: str, path: str, user: str | None = None) -> int:
    auth = ["-u", user] if user else []
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "--max-time", "5", "--resolve", f"{host}:{port}:127.0.0.1",
                          "-w", "%{http_code}", *auth, f"http://{host}:{port}{path}"],
                         capture_output=True, text=True, check=True)
    return int(out.stdout)


def ok(root, path: str) -> str:
    r = results(root, path)[0]
    assert r.findtext("status") == "ok", r.findtext("errtext")
    return r.findtext("id")


def test_protected_directory_asks_nginx_for_credentials(stack, tmp_path):  # noqa: F811
    require_binary("nginx", "curl")
    http = free_port()
    panel, _runner = stack({**DRY, "web": {"applier": "nginx", "http_port": str(http), "https_port": str(free_port()),
                                           "listen": "127.0.0.1"}})
    agent = Agent(panel)
    wid = webspace(agent, "guarded.test")
    docroot = tmp_path / "vhosts" / "guarded.test" / "httpdocs"
    (docroot / "private").mkdir(parents=True, exist_ok=True)
    (docroot / "private" / "index.html").write_text("secret\n")
    assert status(http, "guarded.test", "/private/") == 200
    pid = ok(agent.post(packet(f"<protected-dir><add><site-id>{wid}</site-id><name>private</name><header>Staff"
                               "</header></add></protected-dir>")), "protected-dir/add")
    uid = ok(agent.post(packet(f"<protected-dir><add-user><pd-id>{pid}</pd-id><login>john</login><password>{PW}"
                               "</password></add-user></protected-dir>")), "protected-dir/add-user")
    assert status(http, "guarded.test", "/private/") == 401
    assert status(http, "guarded.test", "/private/index.html") == 401
    assert status(http, "guarded.test", "/private/", f"john:{PW}") == 200
    assert status(http, "guarded.test", "/private/", "john:wrong") == 401
    assert status(http, "guarded.test", "/") == 200  # the rest of the site stays open
    ok(agent.post(packet(f"<protected-dir><set-user><filter><id>{uid}</id></filter><values><password>New-{PW}"
                         "</password></values></set-user></protected-dir>")), "protected-dir/set-user")
    assert status(http, "guarded.test", "/private/", f"john:{PW}") == 401
    assert status(http, "guarded.test", "/private/", f"john:New-{PW}") == 200
    ok(agent.post(packet(f"<protected-dir><add><site-id>{wid}</site-id><name>/</name></add></protected-dir>")),
       "protected-dir/add")
    assert status(http, "guarded.test", "/") == 401  # the whole site, with no user yet
    agent.post(packet(f"<protected-dir><delete><filter><site-id>{wid}</site-id></filter></delete></protected-dir>"))
    assert status(http, "guarded.test", "/private/") == 200
    assert status(http, "guarded.test", "/") == 200
    assert not list((tmp_path / "state").rglob("guarded.test.htpasswd-*"))


def test_mail_alias_resolves_in_the_postfix_map(stack, tmp_path):  # noqa: F811
    require_binary("postmap")
    panel, _runner = stack({**DRY, "mail": {"applier": "postfix"}})
    agent = Agent(panel)
    wid = webspace(agent, "deliver.test")
    ok(agent.post(packet(f"<mail><create><filter><site-id>{wid}</site-id><mailname><name>info</name><mailbox><enabled>"
                         f"true</enabled></mailbox><alias>sales</alias><password><value>{PW}</value></password>"
                         "</mailname></filter></create></mail>")), "mail/create")

    def query(key: str, table: str) -> str:
        return subprocess.run(["postmap", "-c", str(tmp_path / "state" / "postfix"), "-q", key,
                               f"hash:{tmp_path}/state/mail/{table}"], capture_output=True, text=True).stdout.strip()

    assert query("sales@deliver.test", "virtual_aliases") == "info@deliver.test"
    assert query("info@deliver.test", "virtual_mailboxes") == "deliver.test/info/"
    agent.post(packet(f"<mail><update><remove><filter><site-id>{wid}</site-id><mailname><name>info</name>"
                      "<alias>sales</alias></mailname></filter></remove></update></mail>"))
    assert query("sales@deliver.test", "virtual_aliases") == ""
