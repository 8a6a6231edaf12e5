"""FTP accounts as a Pure-FTPd passwd file (``pureftpd.passwd``, the format
``pure-pw`` writes; the real backend compiles it to ``pureftpd.pdb``).

With the real backend, a new login that is an account of the operating system
(in /etc/passwd, and not already one of ours) is rejected: the panel never
takes over a login it did not create."""

from __future__ import annotations

import os
import pwd
import re
from collections.abc import Sequence

from polypanel.provision.aggregate_applier import AggregateFileApplier
from polypanel.provision.dry import DryBackend
from polypanel.provision.errors import SpecInvalid
from polypanel.provision.file_applier import FileBackend
from polypanel.provision.specs import FtpUserSpec
from polypanel.provision.staging import ConfigDir, Content

PASSWD_FILE = "pureftpd.passwd"
_LOGIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}$")
_HASH = re.compile(r"^\$[0-9a-z]+\$[^\s:]+$")


class FtpApplier(AggregateFileApplier[FtpUserSpec]):
    kind = "ftp"
    suffix = ".ftpuser.json"
    spec_type = FtpUserSpec

    def __init__(
        self,
        ftp_dir: str | os.PathLike[str],
        backend: FileBackend,
        *,
        default_uid: int = 65534,
        default_gid: int = 65534,
    ) -> None:
        super().__init__(ConfigDir(ftp_dir, mode=0o600), backend)
        self.default_uid = default_uid
        self.default_gid = default_gid

    def check(self, user: FtpUserSpec) -> None:
        if not _LOGIN.match(user.login):
            raise SpecInvalid(user.key, f"bad login {user.login!r}")
        if not _HASH.match(user.password_hash):
            raise SpecInvalid(user.key, "password_hash must be a crypt(3) hash such as $6$...")
        if not user.home.startswith("/") or re.search(r"[\s:]", user.home):
            raise SpecInvalid(user.key, "home must be an absolute path without spaces or ':'")

    def foreign(self, login: str) -> bool:
        """Is ``login`` an account on this machine that the panel did not create?  (Dry: never.)"""
        if isinstance(self.backend, DryBackend) or self.directory.live(login + self.suffix).exists():
            return False
        try:
            pwd.getpwnam(login)
        except KeyError:
            return False
        return True

    def prepare(self, user: FtpUserSpec) -> None:
        if self.foreign(user.login):
            raise SpecInvalid(user.key, f"the login {user.login!r} exists on the server and is not managed by the panel")

    def ids(self, user: FtpUserSpec) -> tuple[int, int]:
        uid, gid = user.uid, user.gid
        if (uid is None or gid is None) and user.system_user:
            try:
                entry = pwd.getpwnam(user.system_user)
                uid = entry.pw_uid if uid is None else uid
                gid = entry.pw_gid if gid is None else gid
            except KeyError:
                pass
        return (self.default_uid if uid is None else uid, self.default_gid if gid is None else gid)

    def aggregate(self, users: Sequence[FtpUserSpec]) -> dict[str, Content | None]:
        lines = []
        for user in sorted(users, key=lambda u: u.login):
            uid, gid = self.ids(user)
            quota = str(user.quota_bytes) if user.quota_bytes is not None and user.quota_bytes >= 0 else ""
            home = user.home.rstrip("/") + "/./"  # chrooted at home
            lines.append(f"{user.login}:{user.password_hash}:{uid}:{gid}::{home}:::::::{quota}:::::\n")
        return {PASSWD_FILE: "".join(lines)}
