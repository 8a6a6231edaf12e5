"""``whmapi1`` and ``uapi`` on the box (local, as the administrator): YAML by default, JSON with --output=json."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from .fixtures import unique

BIN = Path(sys.executable).parent


def _run(whm, tool: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "POLYPANEL_DATA_DIR": str(whm.data_dir)}
    env.pop("POLYPANEL_DATABASE_URL", None)
    if whm.database_url:
        env["POLYPANEL_DATABASE_URL"] = whm.database_url
    return subprocess.run([str(BIN / tool), *args], capture_output=True, text=True, env=env, timeout=120)


def test_whmapi1_yaml_and_json(whm, admin_whm):
    user = unique("cl")[:10]
    made = _run(whm, "whmapi1", "createacct", f"username={user}", f"domain={user}.example", "password=Cli-Passw0rd!x")
    assert made.returncode == 0, made.stderr + made.stdout
    assert made.stdout.startswith("---\n")
    doc = yaml.safe_load(made.stdout)
    assert doc["metadata"]["result"] == 1 and doc["metadata"]["command"] == "createacct"
    listed = _run(whm, "whmapi1", "--output=json", "listaccts", f"search={user}", "searchtype=user")
    assert listed.returncode == 0
    assert [a["user"] for a in json.loads(listed.stdout)["data"]["acct"]] == [user]
    # the server sees what the command did
    assert admin_whm.ok("accountsummary", user=user)
    failed = _run(whm, "whmapi1", "suspendacct", "user=nosuchuser")
    assert failed.returncode == 1
    assert yaml.safe_load(failed.stdout)["metadata"]["reason"] == "API failure: You do not have a user named “nosuchuser”."
    unknown = _run(whm, "whmapi1", "nosuchfn")
    assert unknown.returncode == 1 and "Unknown app (nosuchfn)" in unknown.stdout


def test_uapi_for_a_user(whm, admin_whm):
    user = unique("cu")[:10]
    admin_whm.ok("createacct", username=user, domain=f"{user}.example", password="Cli-Passw0rd!x")
    r = _run(whm, "uapi", f"--user={user}", "DomainInfo", "list_domains")
    assert r.returncode == 0, r.stderr
    doc = yaml.safe_load(r.stdout)
    assert doc["apiversion"] == 3 and doc["module"] == "DomainInfo" and doc["func"] == "list_domains"
    assert doc["result"]["status"] == 1 and doc["result"]["data"]["main_domain"] == f"{user}.example"
    made = _run(whm, "uapi", "--output=json", f"--user={user}", "Email", "add_pop", "email=box",
                "password=Mail-Passw0rd!x")
    assert json.loads(made.stdout)["result"]["data"] == f"box+{user}.example"
    bad = _run(whm, "uapi", f"--user={user}", "Email", "nosuch")
    assert bad.returncode == 1 and yaml.safe_load(bad.stdout)["result"]["status"] == 0
    assert _run(whm, "uapi", "DomainInfo", "list_domains").returncode == 1  # --user is required
