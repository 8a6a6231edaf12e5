"""The real FTP backend: compile the passwd file with ``pure-pw mkdb``.

Pure-FTPd (``-l puredb:<dir>/pureftpd.pdb``) reads the compiled file on each
login, so nothing needs a reload.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence

from polypanel.provision.errors import ValidationFailed
from polypanel.provision.ftp import PASSWD_FILE
from polypanel.provision.staging import Staging

PDB_FILE = "pureftpd.pdb"


class PureDbBackend:
    tool = "pure-pw"

    def __init__(self, *, pure_pw: str = "pure-pw") -> None:
        self.pure_pw = pure_pw

    def validate(self, staging: Staging, changed: Sequence[str]) -> Sequence[str]:
        if PASSWD_FILE not in changed:
            return ()
        staging.file(PDB_FILE).unlink(missing_ok=True)  # a hard link to the live file
        result = subprocess.run(
            [self.pure_pw, "mkdb", str(staging.file(PDB_FILE)), "-f", str(staging.file(PASSWD_FILE))],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            message = (result.stderr or result.stdout).strip().replace(str(staging.path), "<staged>")
            raise ValidationFailed(self.tool, message, {PASSWD_FILE})
        return (PDB_FILE,)

    def reload(self) -> None:
        """Pure-FTPd opens the .pdb file on every login."""
