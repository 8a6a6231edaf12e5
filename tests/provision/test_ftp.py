from __future__ import annotations

import ftplib
import subprocess
from pathlib import Path

import pytest

from polypanel.provision.dry import DryBackend
from polypanel.provision.errors import ApplyFailed
from polypanel.provision.ftp import FtpApplier
from polypanel.core.password_hashes import crypt_sha512
from polypanel.provision.ports import accepts, free_port
from polypanel.provision.processes import stop_process, wait_until
from polypanel.provision.pureftpd import PureDbBackend
from polypanel.provision.specs import FtpUserSpec

from .conftest import require_binary


def test_dry_renders_pure_ftpd_passwd_lines(tmp_path):
    ftp = FtpApplier(tmp_path / "ftp", DryBackend(), default_uid=1000, default_gid=1000)
    hashed = crypt_sha512("pw")
    ftp.apply([FtpUserSpec("joe", hashed, "/srv/www/joe/", quota_bytes=10485760), FtpUserSpec("ann", hashed, "/srv/a", uid=33, gid=33)])
    assert (tmp_path / "ftp" / "pureftpd.passwd").read_text() == (
        f"ann:{hashed}:33:33::/srv/a/./::::::::::::\n"
        f"joe:{hashed}:1000:1000::/srv/www/joe/./:::::::10485760:::::\n"
    )
    assert not ftp.reconcile(ftp.entries()).changed_anything
    assert ftp.reconcile([]).removed == ["ann", "joe"]
    assert (tmp_path / "ftp" / "pureftpd.passwd").read_text() == ""


@pytest.mark.daemon
def test_pure_ftpd_logs_in_with_clear_password(tmp_path):
    require_binary("pure-ftpd", "pure-pw")
    home = tmp_path / "home" / "joe"
    home.mkdir(parents=True)
    (home / "hello.txt").write_text("hi")
    ftp = FtpApplier(tmp_path / "ftp", PureDbBackend())
    ftp.apply([FtpUserSpec("joe", crypt_sha512("pw"), str(home), uid=65534, gid=65534)])
    port, passive = free_port(), free_port()
    daemon = subprocess.Popen(
        [
            "pure-ftpd", "-S", f"127.0.0.1,{port}", "-l", f"puredb:{tmp_path}/ftp/pureftpd.pdb",
            "-E", "-H", "-u", "1", "-p", f"{passive}:{passive}", "-P", "127.0.0.1",
        ],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert wait_until(lambda: accepts("127.0.0.1", port), 10)
        client = ftplib.FTP()
        client.connect("127.0.0.1", port, timeout=5)
        assert client.login("joe", "pw").startswith("230")
        assert "hello.txt" in client.nlst()
        client.quit()

        ftp.apply(remove=["joe"])
        client = ftplib.FTP()
        client.connect("127.0.0.1", port, timeout=30)  # pure-ftpd delays failed logins
        with pytest.raises(ftplib.error_perm):
            client.login("joe", "pw")
        client.close()
    finally:
        stop_process(daemon, 15)


def test_real_backend_refuses_a_login_of_the_operating_system(tmp_path):
    require_binary("pure-pw")
    hashed = crypt_sha512("pw")
    ftp = FtpApplier(tmp_path / "ftp", PureDbBackend())
    assert ftp.foreign("nobody") and not ftp.foreign("pp-not-a-system-user")
    with pytest.raises(ApplyFailed) as caught:
        ftp.apply([FtpUserSpec("nobody", hashed, "/srv/x"), FtpUserSpec("pp-joe", hashed, "/srv/joe")])
    assert "not managed by the panel" in caught.value.rejected["nobody"]
    assert "nobody" not in (tmp_path / "ftp" / "pureftpd.passwd").read_text()
    # the dry applier renders what it is given
    assert not FtpApplier(tmp_path / "dry", DryBackend()).foreign("nobody")
