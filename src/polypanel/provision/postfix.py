"""The real mail backend: compile the Postfix virtual maps with ``postmap``.

Dovecot re-reads its passwd-file and Postfix its hash maps when they change,
so nothing needs a reload.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from polypanel.provision.errors import ValidationFailed
from polypanel.provision.mail import POSTFIX_MAPS
from polypanel.provision.staging import Staging, write_file_atomic


class PostmapBackend:
    tool = "postmap"

    def __init__(self, config_dir: str | os.PathLike[str], *, postmap: str = "postmap", map_type: str = "hash") -> None:
        self.config_dir = Path(config_dir)
        self.postmap = postmap
        self.map_type = map_type
        self.config_dir.mkdir(parents=True, exist_ok=True)
        if not (self.config_dir / "main.cf").exists():
            write_file_atomic(self.config_dir / "main.cf", "# for postmap only\n")

    def validate(self, staging: Staging, changed: Sequence[str]) -> Sequence[str]:
        generated = []
        for name in POSTFIX_MAPS:
            if name not in changed:
                continue
            staging.file(f"{name}.db").unlink(missing_ok=True)  # a hard link to the live map
            result = subprocess.run(
                [self.postmap, "-c", str(self.config_dir), f"{self.map_type}:{staging.file(name)}"],
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise ValidationFailed(self.tool, result.stderr.strip().replace(str(staging.path), "<staged>"), {name})
            generated.append(f"{name}.db")
        return generated

    def reload(self) -> None:
        """Postfix and Dovecot notice changed maps and passwd-files themselves."""
