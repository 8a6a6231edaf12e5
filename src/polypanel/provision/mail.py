"""Mailboxes as a Dovecot passwd-file and Postfix virtual maps.

Files in the mail directory (point the daemons at them; the rendered
``dovecot-polypanel.conf`` and ``postfix-polypanel.cf`` show how):

- ``dovecot.passwd``: ``user:{SHA512-CRYPT}hash:uid:gid::home::userdb_mail=... userdb_quota_rule=...``
- ``virtual_domains``, ``virtual_mailboxes``, ``virtual_aliases``: Postfix
  maps (the real backend also compiles them with ``postmap``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from polypanel.provision.aggregate_applier import AggregateFileApplier
from polypanel.provision.dry import DryBackend
from polypanel.provision.errors import SpecInvalid
from polypanel.provision.file_applier import FileBackend
from polypanel.provision.specs import MailboxSpec
from polypanel.provision.staging import ConfigDir, Content
from polypanel.provision.templates import Templates

PASSWD_FILE = "dovecot.passwd"
POSTFIX_MAPS = ("virtual_domains", "virtual_mailboxes", "virtual_aliases")
_ADDRESS = re.compile(r"^[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")
_HASH = re.compile(r"^(\{[A-Z0-9.-]+\})?\$[0-9a-z]+\$[^\s:]+$")


class MailApplier(AggregateFileApplier[MailboxSpec]):
    kind = "mail"
    suffix = ".mailbox.json"
    spec_type = MailboxSpec

    def __init__(
        self,
        mail_dir: str | os.PathLike[str],
        backend: FileBackend,
        *,
        mail_root: str | os.PathLike[str],
        uid: int = 5000,
        gid: int = 5000,
        file_group: int | None = None,
        templates: Templates | None = None,
    ) -> None:
        # the passwd-file holds hashes: readable by root and ``file_group`` (dovecot's) only
        super().__init__(ConfigDir(mail_dir, mode=0o640, gid=file_group), backend)
        self.mail_root = Path(mail_root)
        self.uid = uid
        self.gid = gid
        self.templates = templates or Templates()

    def check(self, mailbox: MailboxSpec) -> None:
        for address in (mailbox.address, *mailbox.aliases, *mailbox.forwards):
            if not _ADDRESS.match(address.lower()):
                raise SpecInvalid(mailbox.key, f"not a valid ASCII address: {address!r}")
        if not _HASH.match(mailbox.password_hash):
            raise SpecInvalid(mailbox.key, "password_hash must be a crypt(3) hash such as $6$...")
        maildir = Path(mailbox.maildir)
        if not maildir.is_absolute() or not maildir.is_relative_to(self.mail_root) or maildir == self.mail_root:
            raise SpecInvalid(mailbox.key, f"maildir must be under {self.mail_root}")
        if re.search(r"[\s:]", mailbox.maildir):
            raise SpecInvalid(mailbox.key, "maildir must not contain spaces or ':'")

    def foreign(self, address: str, maildir: str | os.PathLike[str] | None = None) -> bool:
        """Does a maildir the panel does not manage exist for ``address``?  (Dry: never.)"""
        address = address.lower()
        if isinstance(self.backend, DryBackend) or self.directory.live(address + self.suffix).exists():
            return False
        local, _, domain = address.rpartition("@")
        return Path(maildir or self.mail_root / domain / local).exists()

    def prepare(self, mailbox: MailboxSpec) -> None:
        if self.foreign(mailbox.key, mailbox.maildir):
            raise SpecInvalid(mailbox.key, f"the mailbox {mailbox.key!r} exists on the server and is not managed by the panel")

    def keys_of_domain(self, domain: str) -> set[str]:
        return {key for key in self.keys() if key.rsplit("@", 1)[-1] == domain.lower()}

    def aggregate(self, mailboxes: Sequence[MailboxSpec]) -> dict[str, Content | None]:
        mailboxes = sorted(mailboxes, key=lambda m: m.key)
        passwd = [self._passwd_line(m) for m in mailboxes]
        domains = sorted({m.domain for m in mailboxes} | {a.rsplit("@", 1)[1].lower() for m in mailboxes for a in m.aliases})
        boxes = [f"{m.key} {Path(m.maildir).relative_to(self.mail_root)}/" for m in mailboxes]
        aliases = sorted(f"{alias.lower()} {m.key}" for m in mailboxes for alias in m.aliases)
        aliases += [f"{m.key} {', '.join([m.key, *m.forwards])}" for m in mailboxes if m.forwards]
        files: dict[str, Content | None] = {
            PASSWD_FILE: _lines(passwd),
            "virtual_domains": _lines(f"{domain} OK" for domain in domains),
            "virtual_mailboxes": _lines(boxes),
            "virtual_aliases": _lines(aliases),
        }
        context = {"mail_dir": str(self.directory.path), "mail_root": str(self.mail_root), "uid": self.uid, "gid": self.gid}
        files["dovecot-polypanel.conf"] = self.templates.render("mail/dovecot-polypanel.conf.j2", **context)
        files["postfix-polypanel.cf"] = self.templates.render("mail/postfix-polypanel.cf.j2", **context)
        return files

    def _passwd_line(self, mailbox: MailboxSpec) -> str:
        hashed = mailbox.password_hash
        if not hashed.startswith("{"):
            hashed = ("{SHA512-CRYPT}" if hashed.startswith("$6$") else "{CRYPT}") + hashed
        extra = [f"userdb_mail=maildir:{mailbox.maildir}"]
        if mailbox.quota_bytes is not None and mailbox.quota_bytes >= 0:
            extra.append(f"userdb_quota_rule=*:bytes={mailbox.quota_bytes}")
        return f"{mailbox.key}:{hashed}:{self.uid}:{self.gid}::{mailbox.maildir}::{' '.join(extra)}"


def _lines(lines) -> str:
    return "".join(f"{line}\n" for line in lines)
