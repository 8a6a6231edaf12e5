from __future__ import annotations

import subprocess

import pytest

from polypanel.provision.dry import DryBackend
from polypanel.provision.errors import ApplyFailed
from polypanel.provision.mail import MailApplier
from polypanel.core.password_hashes import crypt_sha512
from polypanel.provision.postfix import PostmapBackend
from polypanel.provision.specs import MailboxSpec

from .conftest import require_binary


def mailbox(tmp_path, address: str, **kwargs) -> MailboxSpec:
    local, domain = address.split("@")
    return MailboxSpec(address, crypt_sha512("pw"), str(tmp_path / "vmail" / domain / local), **kwargs)


def test_dry_renders_dovecot_passwd_and_postfix_maps(tmp_path):
    mail = MailApplier(tmp_path / "mail", DryBackend(), mail_root=tmp_path / "vmail", uid=5000, gid=5000)
    box = mailbox(tmp_path, "info@example.test", quota_bytes=1048576, aliases=("sales@example.test", "hi@alias.test"))
    bob = mailbox(tmp_path, "bob@other.test")
    report = mail.apply([box, bob])
    assert sorted(report.changed) == ["bob@other.test", "info@example.test"]
    passwd = (tmp_path / "mail" / "dovecot.passwd").read_text().splitlines()
    assert passwd[1] == (
        f"info@example.test:{{SHA512-CRYPT}}{box.password_hash}:5000:5000::{box.maildir}::"
        f"userdb_mail=maildir:{box.maildir} userdb_quota_rule=*:bytes=1048576"
    )
    assert (tmp_path / "mail" / "virtual_domains").read_text() == "alias.test OK\nexample.test OK\nother.test OK\n"
    assert "info@example.test example.test/info/\n" in (tmp_path / "mail" / "virtual_mailboxes").read_text()
    assert (tmp_path / "mail" / "virtual_aliases").read_text() == (
        "hi@alias.test info@example.test\nsales@example.test info@example.test\n"
    )
    assert mail.keys_of_domain("example.test") == {"info@example.test"}
    assert not mail.reconcile([box, bob]).changed_anything
    report = mail.reconcile([box])
    assert report.removed == ["bob@other.test"]
    assert "other.test" not in (tmp_path / "mail" / "virtual_domains").read_text()


def test_clear_password_and_foreign_maildir_are_rejected(tmp_path):
    mail = MailApplier(tmp_path / "mail", DryBackend(), mail_root=tmp_path / "vmail")
    with pytest.raises(ApplyFailed) as caught:
        mail.apply(
            [
                MailboxSpec("a@example.test", "secret", str(tmp_path / "vmail/example.test/a")),
                MailboxSpec("b@example.test", crypt_sha512("x"), "/etc/b"),
            ]
        )
    assert set(caught.value.rejected) == {"a@example.test", "b@example.test"}
    assert mail.keys() == set()


def test_postmap_compiles_maps_that_postfix_can_query(tmp_path):
    require_binary("postmap")
    mail = MailApplier(tmp_path / "mail", PostmapBackend(tmp_path / "postfix"), mail_root=tmp_path / "vmail")
    mail.apply([mailbox(tmp_path, "info@example.test", aliases=("sales@example.test",))])
    assert (tmp_path / "mail" / "virtual_mailboxes.db").exists()

    def query(key: str, table: str) -> str:
        return subprocess.run(
            ["postmap", "-c", str(tmp_path / "postfix"), "-q", key, f"hash:{tmp_path}/mail/{table}"],
            capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip

    assert query("info@example.test", "virtual_mailboxes") == "example.test/info/"
    assert query("sales@example.test", "virtual_aliases") == "info@example.test"
    mail.apply(remove=["info@example.test"])
    assert query("info@example.test", "virtual_mailboxes") == ""


def test_dovecot_accepts_the_passwd_hash(tmp_path):
    require_binary("doveadm")
    mail = MailApplier(tmp_path / "mail", DryBackend(), mail_root=tmp_path / "vmail")
    box = MailboxSpec("info@example.test", crypt_sha512("s3cret"), str(tmp_path / "vmail/example.test/info"))
    mail.apply([box])
    line = (tmp_path / "mail" / "dovecot.passwd").read_text().splitlines()[0]
    scheme_hash = line.split(":")[1]
    result = subprocess.run(["doveadm", "pw", "-t", scheme_hash, "-p", "s3cret"], capture_output=True, text=True)
    assert "verified" in result.stdout + result.stderr


@pytest.mark.daemon
def test_dovecot_authenticates_from_the_passwd_file(tmp_path):
    """A real Dovecot (auth service only, under tmp_path) reads the rendered
    dovecot-polypanel.conf and passwd-file and checks the clear password."""
    require_binary("dovecot", "doveadm")
    from polypanel.provision.processes import stop_process, wait_until

    mail = MailApplier(tmp_path / "mail", DryBackend(), mail_root=tmp_path / "vmail")
    mail.apply([MailboxSpec("info@example.test", crypt_sha512("s3cret"), str(tmp_path / "vmail/example.test/info"))])
    (tmp_path / "run").mkdir()
    conf = tmp_path / "dovecot.conf"
    conf.write_text(
        f"base_dir = {tmp_path}/run\nstate_dir = {tmp_path}/state\nlog_path = {tmp_path}/dovecot.log\n"
        "protocols =\nssl = no\nauth_failure_delay = 0\nmail_location = maildir:~/Maildir\n"
        "service auth {\n  user = root\n}\n"
        "service anvil {\n  chroot =\n}\n"
        f"!include {tmp_path}/mail/dovecot-polypanel.conf\n"
    )
    daemon = subprocess.Popen(["dovecot", "-F", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_until(lambda: (tmp_path / "run" / "auth-client").exists(), 15)

        def auth(password: str) -> int:
            return subprocess.run(
                ["doveadm", "-c", str(conf), "auth", "test", "info@example.test", password], capture_output=True
            ).returncode

        assert auth("s3cret") == 0
        assert auth("wrong") != 0
        user = subprocess.run(["doveadm", "-c", str(conf), "user", "info@example.test"], capture_output=True, text=True)
        assert f"mail\tmaildir:{tmp_path}/vmail/example.test/info" in user.stdout
        mail.apply(remove=["info@example.test"])
        assert auth("s3cret") != 0
    finally:
        stop_process(daemon, 15)


def test_real_backend_refuses_a_maildir_it_does_not_manage(tmp_path):
    require_binary("postmap")
    (tmp_path / "vmail" / "example.test" / "old" / "cur").mkdir(parents=True)  # someone's mail already there
    mail = MailApplier(tmp_path / "mail", PostmapBackend(tmp_path / "postfix"), mail_root=tmp_path / "vmail")
    assert mail.foreign("old@example.test") and not mail.foreign("new@example.test")
    with pytest.raises(ApplyFailed) as caught:
        mail.apply([mailbox(tmp_path, "old@example.test"), mailbox(tmp_path, "new@example.test")])
    assert "not managed by the panel" in caught.value.rejected["old@example.test"]
    assert mail.keys() == {"new@example.test"}
    # once the panel's own, its maildir (made by the first delivery) is no stranger
    (tmp_path / "vmail" / "example.test" / "new").mkdir()
    assert not mail.foreign("new@example.test")
    assert not MailApplier(tmp_path / "dry", DryBackend(), mail_root=tmp_path / "vmail").foreign("old@example.test")
