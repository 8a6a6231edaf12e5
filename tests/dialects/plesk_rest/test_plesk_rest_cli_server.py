"""plesk bin service_plan, ip_pool, secret_key, admin, server_pref and extension through the CLI
gateway over HTTPS, and a few of the same utilities as ``plesk bin`` on the box."""
import subprocess
from urllib.parse import parse_qs, urlparse

import httpx

from .cli import fails, ok
from .fixtures import unique


def test_service_plan(admin_api):
    name = unique("Plan ")
    assert ok(admin_api, "service_plan", "--create", name, "-max_box", "10", "-disk_space", "1G") == \
        f"SUCCESS: Creation of service plan '{name}' completed.\n"
    info = ok(admin_api, "service_plan", "--info", name)
    assert "max_box:" in info and "10" in info and "disk_space:" in info and "1024" in info
    assert name in ok(admin_api, "service_plan", "--list").split("\n")
    renamed = unique("Renamed ")
    ok(admin_api, "service_plan", "--update", name, "-max_box", "unlimited", "-new-name", renamed)
    assert "Unlimited" in ok(admin_api, "service_plan", "--info", renamed)
    assert fails(admin_api, "service_plan", "--create", renamed)  # the name is taken
    assert fails(admin_api, "service_plan", "--create", unique("P "), "-max_box", "lots")
    domain = f"{unique('sp')}.example"
    ok(admin_api, "subscription", "--create", domain, "-service-plan", renamed)
    assert "used by subscriptions" in fails(admin_api, "service_plan", "--remove", renamed)
    ok(admin_api, "subscription", "--remove", domain)
    assert ok(admin_api, "service_plan", "--remove", renamed) == f"SUCCESS: Removal of '{renamed}' completed.\n"
    assert fails(admin_api, "service_plan", "--info", renamed)


def test_ip_pool(admin_api, world):
    assert "127.0.0.1 shared" in ok(admin_api, "ip_pool", "--info").split("\n")
    assert "no IP pool" in fails(admin_api, "ip_pool", "--info", "-owner", world.login)
    assert fails(admin_api, "ip_pool", "--info", "-owner", "nobody-such")
    assert "Unknown command: --add" in fails(admin_api, "ip_pool", "--add", "192.0.2.9")


def test_secret_key(plesk, admin_api):
    key = ok(admin_api, "secret_key", "--create", "-ip-address", "127.0.0.1", "-description", "cli key").strip()
    with httpx.Client(base_url=plesk.url("plesk_https", "/api/v2"), verify=False, headers={"X-API-Key": key}) as c:
        assert c.get("/server").status_code == 200
    assert "cli key" in ok(admin_api, "secret_key", "--list")
    assert ok(admin_api, "secret_key", "--delete", "-key", key) == "The key was successfully deleted.\n"
    assert fails(admin_api, "secret_key", "--delete", "-key", key)
    assert "not specified" in fails(admin_api, "secret_key", "--delete")


def test_admin_get_login_link_is_a_single_use_panel_login(plesk, admin_api, world):
    link = ok(admin_api, "admin", "--get-login-link", "-user", world.login).strip()
    url = urlparse(link)
    assert url.path == "/enterprise/rsession_init.php" and url.port == plesk.ports["plesk_https"]
    with httpx.Client(verify=False, follow_redirects=False) as browser:
        first = browser.get(link)
        assert first.status_code == 303
        page = browser.get(plesk.url("plesk_https", "/"), cookies={"PLESKSESSID": first.cookies["PLESKSESSID"]})
        assert f'<strong id="login">{world.login}</strong>' in page.text
        assert browser.get(link).status_code == 403  # single use
    mine = ok(admin_api, "admin", "--get-login-link").strip()
    assert parse_qs(urlparse(mine).query)["PLESKSESSID"][0] != parse_qs(url.query)["PLESKSESSID"][0]
    assert fails(admin_api, "admin", "--get-login-link", "-user", "nobody-such")
    assert "Login:" in ok(admin_api, "admin", "--info") and "admin" in ok(admin_api, "admin", "--info")


def test_server_pref(plesk_servers):
    from tests.conftest import ADMIN_PASSWORD

    from .fixtures import client

    server = plesk_servers.start("server-pref")  # its own: the host name changes
    with client(server, auth=("admin", ADMIN_PASSWORD)) as api:
        assert "Full hostname:" in ok(api, "server_pref", "--show")
        assert ok(api, "server_pref", "--update", "-hostname", "panel.example.net") == \
            "SUCCESS: Server preferences were successfully updated.\n"
        assert api.get("/server").json()["hostname"] == "panel.example.net"
        assert "panel.example.net" in ok(api, "server_pref", "-s")
        assert fails(api, "server_pref", "--update", "-hostname", "not a host name")
        assert "-hostname is required" in fails(api, "server_pref", "--update")
        assert api.get("/server").json()["hostname"] == "panel.example.net"


def test_extension(admin_api):
    ext = unique("ext-")
    assert ok(admin_api, "extension", "--install", ext) == f"The extension '{ext}' was successfully installed.\n"
    assert any(line.split()[0] == ext for line in ok(admin_api, "extension", "--list").splitlines())
    ok(admin_api, "extension", "--disable", ext)
    assert admin_api.get(f"/extensions/{ext}").json()["active"] is False
    assert "disabled" in ok(admin_api, "extension", "--info", ext)
    ok(admin_api, "extension", "--enable", ext)
    assert admin_api.get(f"/extensions/{ext}").json()["active"] is True
    assert fails(admin_api, "extension", "--disable", "rest-api")  # a part of the panel
    assert fails(admin_api, "extension", "--install", "bad id!")
    assert ok(admin_api, "extension", "--uninstall", ext) == f"The extension '{ext}' was successfully uninstalled.\n"
    assert fails(admin_api, "extension", "--info", ext)


def _box(plesk, *args):
    from tests.panel_process import BIN

    env = {"POLYPANEL_DATA_DIR": str(plesk.data_dir), "PATH": "/usr/bin:/bin"}
    if plesk.database_url:
        env["POLYPANEL_DATABASE_URL"] = plesk.database_url
    return subprocess.run([str(BIN.parent / "plesk"), "bin", *args], capture_output=True, text=True, env=env,
                          timeout=60)


def test_the_same_utilities_run_as_plesk_bin_on_the_box(plesk, admin_api, world):
    r = _box(plesk, "subscription", "--info", world.domain)
    assert r.returncode == 0 and world.domain in r.stdout
    assert r.stdout == ok(admin_api, "subscription", "--info", world.domain)
    name = f"{unique('box')}.example"
    r = _box(plesk, "subscription", "--create", name, "-owner", world.login)
    assert (r.returncode, r.stdout) == (0, f"SUCCESS: Creation of domain '{name}' completed.\n"), r.stderr
    assert admin_api.get("/domains", params={"name": name}).json()[0]["name"] == name
    r = _box(plesk, "dns", "--add", name, "-a", "box", "-ip", "192.0.2.55")
    assert r.returncode == 0, r.stderr
    assert "192.0.2.55" in ok(admin_api, "dns", "--info", name)
    r = _box(plesk, "admin", "--get-login-link", "-user", world.login)
    assert r.returncode == 0 and "/enterprise/rsession_init.php?PLESKSESSID=" in r.stdout
    r = _box(plesk, "subscription", "--info", "missing.example")
    assert r.returncode == 1 and r.stderr.startswith("An error occurred during subscription getting info")
    r = _box(plesk, "subscription", "--bogus")
    assert r.returncode == 1 and "Unknown command" in r.stderr
    assert _box(plesk, "subscription", "--remove", name).returncode == 0
