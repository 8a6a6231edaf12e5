"""The PHP handlers this server really has: each PHP binary installed (``/usr/bin/php<ver>``),
which serves sites only where the panel passes PHP to a PHP-FPM socket ([web] php_fpm_socket)."""
from __future__ import annotations

import glob
import os
import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from .errors import NotFound

BINARY = re.compile(r"^php(\d+\.\d+)$")


@dataclass(frozen=True)
class Handler:
    id: str
    display_name: str
    full_version: str
    version: str
    type: str
    path: str
    clipath: str
    phpini: str
    enabled: bool


@lru_cache(maxsize=16)
def _full_version(binary: str) -> str:
    try:
        out = subprocess.run([binary, "-n", "-r", "echo PHP_VERSION;"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    value = out.stdout.strip()
    return value if out.returncode == 0 and re.match(r"^\d+\.\d+\.\d+[\w.+-]{0,32}$", value) else ""


def list_(fpm_socket: str, bin_dir: str = "/usr/bin") -> list[Handler]:
    """One handler per PHP version installed; enabled when the panel serves PHP through FPM."""
    found = []
    for binary in sorted(glob.glob(os.path.join(bin_dir, "php*"))):
        m = BINARY.match(os.path.basename(binary))
        if m is None or not os.access(binary, os.X_OK):
            continue
        full = _full_version(binary)
        if not full:
            continue
        found.append((m.group(1), full, binary))
    out = []
    for version, full, binary in found:
        # The one socket serves one PHP: the version its path names, or the only one installed.
        serves = bool(fpm_socket) and (len(found) == 1 or version in fpm_socket)
        ini = f"/etc/php/{version}/fpm/php.ini" if serves else f"/etc/php/{version}/cli/php.ini"
        out.append(Handler(id=f"php{version}-fpm", display_name=f"{full} FPM", full_version=full, version=version,
                           type="fpm", path=fpm_socket if serves else "", clipath=binary,
                           phpini=ini if os.path.exists(ini) else "", enabled=serves))
    return out


def get(fpm_socket: str, handler_id: str, bin_dir: str = "/usr/bin") -> Handler:
    for h in list_(fpm_socket, bin_dir):
        if h.id == handler_id:
            return h
    raise NotFound("php handler", handler_id, "Php handler does not exists")
