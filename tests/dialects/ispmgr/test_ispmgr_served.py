"""What the ISPmanager API makes really serves: a real ``polypanel serve`` with BIND and Pure-FTPd on
loopback ports (web and mail rendered only). The SOA saved with soa.edit is what BIND answers, the FTP
user of user.add.finish logs in to Pure-FTPd, and its mailbox is in the Dovecot passwd-file with the
password given."""
from __future__ import annotations

import ftplib
import subprocess
import uuid

import dns.message
import dns.query
import dns.rdatatype
import pytest
from lxml import etree

from polypanel.provision.ports import accepts, free_port
from polypanel.provision.processes import stop_process, wait_until
from tests.conftest import ADMIN_PASSWORD
from tests.installed import require_binary

pytestmark = pytest.mark.daemon
PASSWORD = "Served-Passw0rd!8"
FTP_PASSWORD = "Served-Ftp-Pass!9"


@pytest.fixture
def served(panel_process, tmp_path):
    require_binary("named", "named-checkconf", "rndc", "pure-ftpd", "pure-pw", "doveadm")
    dns_port = free_port()
    ini = (f"[web]\napplier = dry\nvhosts_root = {tmp_path / 'vhosts'}\n"
           f"[dns]\napplier = bind\nport = {dns_port}\nlisten = 127.0.0.1\n"
           "[databases]\napplier = dry\n[mail]\napplier = dry\n[ftp]\napplier = pureftpd\n")
    p = panel_process(listeners=("ispmgr_https",), extra_ini=ini).start(timeout=60)
    p.dns_port, p.vhosts = dns_port, tmp_path / "vhosts"
    return p


def call(http, **params) -> etree._Element:
    r = http.post("/ispmgr", data={"authinfo": f"root:{ADMIN_PASSWORD}", "out": "xml", **params})
    assert r.status_code == 200, r.text
    return etree.fromstring(r.content)


def soa(port: int, zone: str):
    r = dns.query.udp(dns.message.make_query(zone, "SOA"), "127.0.0.1", port=port, timeout=5)
    answer = [rrset for rrset in r.answer if rrset.rdtype == dns.rdatatype.SOA]
    return answer[0].ttl, answer[0][0]


def test_soa_saved_is_what_bind_serves(served):
    zone = f"soa-{uuid.uuid4().hex[:8]}.test"
    with served.client("ispmgr_https") as http:
        assert call(http, func="user.add.finish", sok="ok", name="soaown", passwd=PASSWORD, confirm=PASSWORD,
                    webdomain_name=zone).find("ok") is not None
        before = soa(served.dns_port, zone)[1]
        ok = call(http, func="soa.edit", elid=zone, sok="ok", primary=f"ns7.{zone}.", email=f"dns.admin@{zone}",
                  refresh="7201", retry="901", expire="1209601", minimum="301", ttl="3601")
        assert ok.find("ok") is not None, etree.tostring(ok)
        ttl, rdata = soa(served.dns_port, zone)
        assert (str(rdata.mname), str(rdata.rname)) == (f"ns7.{zone}.", f"dns\\.admin.{zone}.")
        assert (rdata.refresh, rdata.retry, rdata.expire, rdata.minimum) == (7201, 901, 1209601, 301)
        assert ttl == 3601 and rdata.serial > before.serial
        # a value BIND would not take never reaches it: the zone keeps serving the saved SOA
        bad = call(http, func="soa.edit", elid=zone, sok="ok", refresh="4294967296")
        assert bad.find("error").get("type") == "value"
        assert soa(served.dns_port, zone)[1].refresh == 7201


def _ftp_login(port: int, login: str, password: str) -> str:
    ftp = ftplib.FTP()
    ftp.connect("127.0.0.1", port, timeout=30)  # pure-ftpd delays a failed login
    try:
        return ftp.login(login, password)
    finally:
        ftp.close()


def test_new_users_ftp_user_logs_in_and_mailbox_exists(served):
    tag = uuid.uuid4().hex[:6]
    domain, ftp_login, box = f"wiz-{tag}.test", f"wizftp{tag}", f"office@wiz-{tag}.test"
    with served.client("ispmgr_https") as http:
        ok = call(http, func="user.add.finish", sok="ok", name=f"wiz{tag}", passwd=PASSWORD, confirm=PASSWORD,
                  webdomain_name=domain, emaildomain_name=domain, ftp_user="on", ftp_user_name=ftp_login,
                  ftp_user_passwd=FTP_PASSWORD, email=box)
        assert ok.find("ok") is not None, etree.tostring(ok)
    provision = served.data_dir / "provision"
    line = next(x for x in (provision / "mail" / "dovecot.passwd").read_text().splitlines() if x.startswith(box + ":"))
    hashed = line.split(":")[1]
    assert "verified" in subprocess.run(["doveadm", "pw", "-t", hashed, "-p", PASSWORD],
                                        capture_output=True, text=True).stdout
    home = next(x.split(":")[5] for x in (provision / "ftp" / "pureftpd.passwd").read_text().splitlines()
                if x.startswith(ftp_login + ":")).split("/./")[0]
    import pathlib

    pathlib.Path(home).mkdir(parents=True, exist_ok=True)
    port, passive = free_port(), free_port()
    daemon = subprocess.Popen(
        ["pure-ftpd", "-S", f"127.0.0.1,{port}", "-l", f"puredb:{provision / 'ftp' / 'pureftpd.pdb'}", "-E", "-H",
         "-u", "1", "-p", f"{passive}:{passive}", "-P", "127.0.0.1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_until(lambda: accepts("127.0.0.1", port), 10)
        assert _ftp_login(port, ftp_login, FTP_PASSWORD).startswith("230")
        with pytest.raises(ftplib.error_perm):
            _ftp_login(port, ftp_login, PASSWORD)  # the FTP user's own password, not the user's
    finally:
        stop_process(daemon, 15)
