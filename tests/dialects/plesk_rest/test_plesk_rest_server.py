"""/server, /server/ips, /server/init, /server/license, /extensions and the CLI gateway /cli."""
import re
import subprocess

from tests.conftest import ADMIN_PASSWORD

from .fixtures import client, unique


def test_server_meta(admin_api):
    r = admin_api.get("/server")
    assert r.status_code == 200
    meta = r.json()
    assert set(meta) == {"platform", "hostname", "guid", "panel_version", "panel_revision", "panel_build_date",
                         "panel_update_version", "extension_version", "extension_release"}
    assert meta["platform"] == "Unix" and len(meta["guid"]) == 36 and len(meta["panel_build_date"]) == 10
    assert all(isinstance(v, str) for v in meta.values())


def test_server_ips(admin_api):
    ips = admin_api.get("/server/ips").json()
    assert {"ipv4": "127.0.0.1", "netmask": "255.255.255.0", "interface": "lo", "type": "shared"} in ips


def test_init_once_then_refused(plesk_servers):
    server = plesk_servers.start("init-once")  # its own server: the first init must succeed here
    body = {"admin": {"name": "Ada Admin", "email": "ada@example.com", "company": "Poly", "post_code": "8200",
                      "send_announce": False}, "password": ADMIN_PASSWORD, "server_name": "panel.example.net"}
    with client(server, auth=("admin", ADMIN_PASSWORD)) as admin_api:
        first = admin_api.post("/server/init", json=body)
        assert first.status_code == 200 and first.json() == {"status": "success"}
        assert admin_api.get("/server").json()["hostname"] == "panel.example.net"
        admin = admin_api.get("/clients/1").json()
        assert (admin["name"], admin["email"], admin["company"]) == ("Ada Admin", "ada@example.com", "Poly")
        again = {**body, "admin": {**body["admin"], "name": "Eve"}, "server_name": "evil.example.net"}
        r = admin_api.post("/server/init", json=again)
        assert r.status_code == 400 and "already" in r.json()["message"]
        assert admin_api.post("/server/init", json={"password": "x"}).status_code == 400
        assert admin_api.get("/server").json()["hostname"] == "panel.example.net"
        assert admin_api.get("/clients/1").json()["name"] == "Ada Admin"


def test_init_validation_on_a_fresh_server(plesk_servers):
    server = plesk_servers.start("init")
    with client(server, auth=("admin", ADMIN_PASSWORD)) as api:
        for body, prop in (({"admin": {"name": "A"}, "password": "x"}, "admin.email"),
                           ({"admin": {"name": "A", "email": "bad"}, "password": "Str0ng-Pass!"}, "email"),
                           ({"admin": {"name": "A", "email": "a@b.cd"}, "password": "weak"}, "password")):
            r = api.post("/server/init", json=body)
            assert r.status_code == 400, body
            assert any(e["property"].endswith(prop) for e in r.json()["errors"]), (body, r.json())
        assert api.get("/clients/1").json()["email"] != "a@b.cd"  # none of them changed the administrator
        r = api.post("/server/init", json={"admin": {"name": "A", "email": "a@b.cd"}, "password": "N3w-Admin-Pass"})
        assert r.status_code == 200
    with client(server, auth=("admin", "N3w-Admin-Pass")) as api:
        assert api.get("/clients/1").json()["email"] == "a@b.cd"


def test_license(admin_api):
    assert admin_api.post("/server/license", json={"code": "AB1C23-4DEF56"}).json() == {"status": "success"}
    assert admin_api.post("/server/license", json={"key": "bGljZW5zZQ==", "additional": True}).json() == {"status": "success"}
    r = admin_api.post("/server/license", json={})
    assert r.status_code == 400 and r.json()["errors"][0]["property"] == "key"


def test_extensions(admin_api):
    exts = admin_api.get("/extensions").json()
    rest = {"id": "rest-api", "name": "REST API", "version": "1.1.0", "release": "1", "active": True}
    assert rest in exts
    assert admin_api.get("/extensions/rest-api").json() == rest
    ext_id = unique("ext")
    assert admin_api.post("/extensions", json={"id": ext_id}).json() == {"status": "success"}
    assert admin_api.get(f"/extensions/{ext_id}").json()["active"] is True
    assert admin_api.put(f"/extensions/{ext_id}/disable").json() == {"status": "success"}
    assert admin_api.get(f"/extensions/{ext_id}").json()["active"] is False
    assert admin_api.put(f"/extensions/{ext_id}/enable").json() == {"status": "success"}
    assert admin_api.get(f"/extensions/{ext_id}").json()["active"] is True
    assert admin_api.delete(f"/extensions/{ext_id}").json() == {"status": "success"}
    r = admin_api.get(f"/extensions/{ext_id}")
    assert r.status_code == 404 and r.json()["message"] == "Extension is not installed"
    for method, path in (("DELETE", ""), ("PUT", "/enable"), ("PUT", "/disable")):
        assert admin_api.request(method, f"/extensions/{ext_id}{path}").status_code == 404
    assert admin_api.post("/extensions", json={"url": "https://example.com/x.zip"}).status_code == 400
    assert admin_api.post("/extensions", json={}).status_code == 400
    assert admin_api.put("/extensions/rest-api/disable").status_code == 403
    assert admin_api.delete("/extensions/rest-api").status_code == 403


# --- the CLI gateway ------------------------------------------------------------------------------

def test_cli_secret_key(plesk, admin_api):
    r = admin_api.post("/cli/secret_key/call", json={"params": ["--create", "-ip-address", "127.0.0.1",
                                                                  "-description", "from the gateway"]})
    assert r.status_code == 200
    out = r.json()
    assert set(out) == {"code", "stdout", "stderr"} and out["code"] == 0, out
    key = out["stdout"].strip()
    with client(plesk, key=key) as c:
        assert c.get("/server").status_code == 200
    listing = admin_api.post("/cli/secret_key/call", json={"params": ["-l"]}).json()
    assert key[:8] in listing["stdout"] and "from the gateway" in listing["stdout"]
    assert admin_api.post("/cli/secret_key/call", json={"params": ["-d", "-key", key]}).json()["code"] == 0
    failed = admin_api.post("/cli/secret_key/call", json={"params": ["-d", "-key", key]}).json()
    assert failed["code"] == 1 and failed["stderr"]  # a failing command is still HTTP 200
    c2 = admin_api.post("/cli/secret_key/call", json={"params": ["-c", "-ip-address", "203.0.113.5"]}).json()
    with client(plesk, key=c2["stdout"].strip()) as c:
        assert c.get("/server").status_code == 401
    assert admin_api.post("/cli/secret_key/call", json={"params": ["--bogus"]}).json()["code"] == 1
    assert admin_api.post("/cli/secret_key/call").status_code == 400  # the current spec requires the body
    assert admin_api.post("/cli/secret_key/call", json={"params": "-l"}).status_code == 400


def test_cli_customer_and_domain(plesk, admin_api):
    login = unique("cli")
    r = admin_api.post("/cli/customer/call", json={"params": ["--create", login, "-name", "Cli Person", "-passwd", "",
                                                                "-email", f"{login}@example.com"],
                                                     "env": {"PSA_PASSWORD": "Cli-Passw0rd!"}}).json()
    assert r["code"] == 0, r
    info = admin_api.post("/cli/customer/call", json={"params": ["--info", login]}).json()
    assert re.search(rf"^Login:\s+{login}$", info["stdout"], re.M)
    assert login in admin_api.post("/cli/customer/call", json={"params": ["--list"]}).json()["stdout"].split()
    client_id = next(c["id"] for c in admin_api.get("/clients").json() if c["login"] == login)
    with client(plesk, auth=(login, "Cli-Passw0rd!")) as c:
        assert c.get("/server").status_code == 403  # a customer: authenticated, not allowed
    domain = f"{unique('cli')}.example"
    r = admin_api.post("/cli/domain/call", json={"params": ["--create", domain, "-owner", login, "-login", unique("s"),
                                                              "-passwd", "Sys-Passw0rd!"]}).json()
    assert r["code"] == 0, r
    assert [d["name"] for d in admin_api.get(f"/clients/{client_id}/domains").json()] == [domain]
    assert admin_api.post("/cli/domain/call", json={"params": ["--off", domain]}).json()["code"] == 0
    did = admin_api.get("/domains", params={"name": domain}).json()[0]["id"]
    assert admin_api.get(f"/domains/{did}/status").json() == {"status": "suspended"}
    assert re.search(rf"^Domain name:\s+{re.escape(domain)}$",
                     admin_api.post("/cli/domain/call", json={"params": ["--info", domain]}).json()["stdout"], re.M)
    assert admin_api.post("/cli/customer/call", json={"params": ["--off", login]}).json()["code"] == 0
    assert admin_api.get(f"/clients/{client_id}").json()["status"] == 16
    assert admin_api.post("/cli/domain/call", json={"params": ["--remove", domain]}).json()["code"] == 0
    assert admin_api.post("/cli/customer/call", json={"params": ["--remove", login]}).json()["code"] == 0
    assert admin_api.get(f"/clients/{client_id}").status_code == 404
    bad = admin_api.post("/cli/customer/call", json={"params": ["--info", "nobody-such"]}).json()
    assert bad["code"] == 1 and "not found" in bad["stderr"]


def test_the_same_utilities_run_as_plesk_bin_on_the_box(plesk):
    """The gateway and the ``plesk`` command share one implementation."""
    from tests.panel_process import BIN

    env = {"POLYPANEL_DATA_DIR": str(plesk.data_dir), "PATH": "/usr/bin:/bin"}
    if plesk.database_url:
        env["POLYPANEL_DATABASE_URL"] = plesk.database_url
    plesk_bin = BIN.parent / "plesk"
    r = subprocess.run([str(plesk_bin), "bin", "customer", "--list"], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
