"""What the server hands to every dialect: the core, the authenticator, the configuration, the listener."""
from __future__ import annotations

from configparser import ConfigParser
from dataclasses import dataclass, field

from polypanel.auth.authenticator import Authenticator
from polypanel.core.panel import Panel


@dataclass(frozen=True)
class Listener:
    name: str  # plesk_https, plesk_http, whm_https, ...
    port: int
    tls: bool


@dataclass
class DialectEnv:
    panel: Panel
    auth: Authenticator
    ini: ConfigParser = field(default_factory=ConfigParser)
    data_dir: str = "."
    # (year, month) -> bytes served per host name, from the web server's access logs; None: not known here
    traffic: object | None = None

    def option(self, section: str, key: str, default: str = "") -> str:
        """A panel.ini value; keys are matched without regard to case."""
        if not self.ini.has_section(section):
            return default
        return self.ini.get(section, key.lower(), fallback=default)

    def flag(self, section: str, key: str, default: bool) -> bool:
        value = self.option(section, key, "").strip().lower()
        if not value:
            return default
        return value in ("1", "on", "true", "yes", "enabled")
