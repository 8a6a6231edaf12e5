"""The examples of Plesk's REST API documentation, run verbatim with curl (only host and port changed),
and what they create seen through the panel's own CLI on the same store."""
import json
import subprocess

import pytest

from tests.installed import require_binary


# Plesk's documentation uses the root login with the password "password", and creates a customer
# whose password is "password": the server runs with Plesk's weakest password policy for it.
DOC_INI = "password_strength = very_weak\n"


@pytest.fixture(scope="module")
def doc_server(plesk_servers):
    require_binary("curl")
    return plesk_servers.start("docs", DOC_INI, admin_password="password")


def curl(command: str, host: str) -> str:
    """Run a documentation curl command, its host replaced by ``host``; -k for the self-signed certificate."""
    for doc_host in ("https://10.58.108.104:8443", "https://10.58.108.105:8443"):
        command = command.replace(doc_host, host)
    r = subprocess.run(["bash", "-c", command.replace("curl ", "curl -k -s ", 1)], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_the_documented_examples_work_verbatim(doc_server):
    host = doc_server.url("plesk_https")
    out = curl('''curl -X POST --user root:password -H "Content-Type: application/json" -H "Accept: application/json" -d'{}' "https://10.58.108.104:8443/api/v2/auth/keys"''', host)
    key = json.loads(out)["key"]
    assert set(json.loads(out)) == {"key"}

    out = curl(f'''curl -X GET -H "X-API-Key: {key}" -H "Content-Type: application/json" -H "Accept: application/json" "https://10.58.108.104:8443/api/v2/domains"''', host)
    assert json.loads(out) == []

    # The documentation's third example lacks the -H before "X-API-Key: ..." (curl would take the
    # header for a URL); it is run with that one typo fixed.
    out = curl(f'''curl -X POST -H "X-API-Key: {key}" -H "Content-Type: application/json" -H "Accept: application/json" -d '{{"name":"John Doe","login":"john_doe","password":"password","email":"john@doe.com","type":"customer","company":"Plesk"}}'  "https://10.58.108.105:8443/api/v2/clients"''', host)
    created = json.loads(out)
    assert set(created) == {"id", "guid"} and created["id"] == 2

    # The customer is the same object everywhere: the panel's CLI on the same store sees it.
    r = doc_server.cli("customer", "list", "--json")
    rows = json.loads(r.stdout)
    assert {"id": 2, "login": "john_doe", "type": "customer", "name": "John Doe", "email": "john@doe.com",
            "owner": "admin", "status": "active"} in rows
    # ... and it can log in with the password it was given.
    out = curl('''curl --user john_doe:password "https://10.58.108.104:8443/api/v2/server"''', host)
    assert json.loads(out)["code"] == 403  # a customer may not use the REST API, but the password is right


def test_the_secret_key_utility_example(doc_server):
    """``plesk bin secret_key -c -ip-address 10.58.108.104`` prints a key, through the panel's plesk command."""
    from tests.panel_process import BIN

    env = {"POLYPANEL_DATA_DIR": str(doc_server.data_dir), "PATH": "/usr/bin:/bin"}
    if doc_server.database_url:
        env["POLYPANEL_DATABASE_URL"] = doc_server.database_url
    r = subprocess.run([str(BIN.parent / "plesk"), "bin", "secret_key", "-c", "-ip-address", "127.0.0.1"],
                       capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    key = r.stdout.strip()
    out = curl(f'''curl -H "X-API-Key: {key}" "https://10.58.108.104:8443/api/v2/server"''', doc_server.url("plesk_https"))
    assert json.loads(out)["platform"] == "Unix"


def test_the_rest_description_url(doc_server):
    out = curl('''curl "https://10.58.108.104:8443/api/v2/swagger.yml"''', doc_server.url("plesk_https"))
    assert out.startswith("swagger: '2.0'")
