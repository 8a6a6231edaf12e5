"""The flows of ISPmanager's API guide as written there: the Perl and Python list examples, mgrctl
(webdomain, -i, -i FUNC lang=ru, -e, su, -o formats) and reading a request back out of the log."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import ADMIN_PASSWORD

HERE = Path(__file__).parent
MGRCTL = Path(sys.executable).parent / "mgrctl"
PASSWORD = "Seed-Passw0rd!7"


@pytest.fixture
def server(panel_process):
    proc = panel_process(listeners=("ispmgr_https",)).start()
    with proc.client("ispmgr_https") as http:
        for name, site in (("seeduser", "seed-one.example"), ("seedtwo", "seed-two.example")):
            r = http.post("/ispmgr", data={"authinfo": f"root:{ADMIN_PASSWORD}", "out": "xml", "func": "user.add.finish",
                                           "sok": "ok", "name": name, "passwd": PASSWORD, "confirm": PASSWORD,
                                           "webdomain_name": site})
            assert "<ok" in r.text, r.text
    return proc


def env_for(proc, **extra):
    env = {**os.environ, "ISP_URL": proc.url("ispmgr_https"), "ISP_AUTHINFO": f"root:{ADMIN_PASSWORD}",
           "POLYPANEL_DATA_DIR": str(proc.data_dir), **extra}
    if proc.database_url:
        env["POLYPANEL_DATABASE_URL"] = proc.database_url
    return env


def test_python_example_ported_to_python3(server):
    out = subprocess.run([sys.executable, str(HERE / "seed_list.py")], env=env_for(server), capture_output=True,
                         text=True, timeout=60, check=True).stdout
    assert "seed-one.example<br>" in out and "seed-two.example<br>" in out


@pytest.mark.skipif(subprocess.run(["perl", "-MLWP::Protocol::https", "-MXML::LibXML", "-MCGI::Carp", "-e1"],
                                   capture_output=True).returncode != 0,
                    reason="Debian's libwww-perl, liblwp-protocol-https-perl, libxml-libxml-perl, libcgi-pm-perl")
def test_perl_example_as_published(server):
    out = subprocess.run(["perl", str(HERE / "seed_list.pl")], env=env_for(server, PERL_LWP_SSL_CA_FILE=str(server.data_dir / "tls" / "panel.crt")),
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n\n", 1)[1].split() == ["seed-one.example<br>", "seed-two.example<br>"]


def mgrctl(proc, *args, env=None):
    return subprocess.run([str(MGRCTL), *args], env=env or env_for(proc), capture_output=True, text=True, timeout=60)


def test_mgrctl(server):
    r = mgrctl(server, "-m", "ispmgr", "webdomain")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert any("name=seed-one.example" in line.split() for line in lines) and len(lines) == 2
    doc = etree.fromstring(mgrctl(server, "-m", "ispmgr", "-o", "xml", "webdomain").stdout.encode())
    assert sorted(e.findtext("name") for e in doc.findall("elem")) == ["seed-one.example", "seed-two.example"]
    j = json.loads(mgrctl(server, "-m", "ispmgr", "-o", "json", "webdomain.edit", "elid=seed-one.example").stdout)
    assert j["doc"]["owner"]["$"] == "seeduser"
    assert "webdomain" in mgrctl(server, "-m", "ispmgr", "-i").stdout.split()
    assert "Пользователи" in mgrctl(server, "-m", "ispmgr", "-i", "user", "lang=ru").stdout
    # su: lists as that user
    mine = mgrctl(server, "-m", "ispmgr", "-o", "xml", "webdomain", "su=seedtwo").stdout
    assert [e.findtext("name") for e in etree.fromstring(mine.encode()).findall("elem")] == ["seed-two.example"]
    # -e: a value from the environment (keeps a password off the command line)
    r = mgrctl(server, "-m", "ispmgr", "user.edit", "elid=seeduser", "sok=ok", "-e", "passwd=$NEWPW",
               env=env_for(server, NEWPW="Changed-Passw0rd!9"))
    assert r.returncode == 0 and r.stdout.strip().startswith("OK"), r.stdout
    with server.client("ispmgr_https") as http:
        who = http.get("/ispmgr", params={"authinfo": "seeduser:Changed-Passw0rd!9", "out": "xml", "func": "whoami"})
        assert etree.fromstring(who.content).find("user").get("name") == "seeduser"
    bad = mgrctl(server, "-m", "ispmgr", "no.such")
    assert bad.returncode == 1 and bad.stdout.startswith("ERROR missed")


def test_request_log_recipe(server):
    with server.client("ispmgr_https") as http:
        http.post("/ispmgr", data={"authinfo": f"root:{ADMIN_PASSWORD}", "out": "xml", "func": "domain.record.edit",
                                   "plid": "seed-one.example", "name": "www2", "rtype": "a", "ip": "192.0.2.44",
                                   "sok": "ok", "clicked_button": "ok"})
    mgrctl(server, "-m", "ispmgr", "user")
    log = (server.data_dir / "ispmgr.log").read_text()
    requests = [line for line in log.splitlines() if "INFO Request" in line]
    assert PASSWORD not in log and ADMIN_PASSWORD not in log
    line = [l for l in requests if "func=domain.record.edit" in l][0]
    assert " core_module INFO Request [127.0.0.1][admin] 'authinfo=*&clicked_button=ok&func=domain.record.edit" \
           "&ip=192.0.2.44&name=www2&out=xml&plid=seed%2Done.example&rtype=a&sok=ok'" in line
    assert any("Request [mgrctl][root] 'func=user&out=text'" in l for l in requests)
    assert any("passwd=*" in l for l in requests)
    # the logged call, replayed as the guide says, does the same thing
    params = dict(p.split("=", 1) for p in line.split("'")[1].split("&"))
    assert params["func"] == "domain.record.edit"
