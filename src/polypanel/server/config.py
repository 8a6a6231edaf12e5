"""panel.ini: every setting of the panel, read in one place."""
from __future__ import annotations

import os
from configparser import ConfigParser
from dataclasses import dataclass, field
from pathlib import Path

from polypanel.core.settings import CoreSettings, DatabaseServerSetting
from polypanel.store.engine import sqlite_url

# listener name -> (panel.ini key, default port, TLS)
LISTENERS = {
    "plesk_https": ("plesk_https_port", 8443, True),
    "plesk_http": ("plesk_http_port", 8880, False),
    "whm_https": ("whm_https_port", 2087, True),
    "whm_http": ("whm_http_port", 2086, False),
    "cpanel_https": ("cpanel_https_port", 2083, True),
    "cpanel_http": ("cpanel_http_port", 2082, False),
    "ispmgr_https": ("ispmgr_https_port", 1500, True),
}


@dataclass
class PanelConfig:
    data_dir: Path
    ini: ConfigParser
    bind: str = "127.0.0.1"
    database_url: str = ""
    ports: dict[str, int] = field(default_factory=dict)

    def core_settings(self) -> CoreSettings:
        sec = "polypanel"
        get = lambda key, default="": self.ini.get(sec, key, fallback=default)  # noqa: E731
        ips = tuple(x for x in get("ip_addresses", "127.0.0.1").replace(",", " ").split() if x)
        nameservers = tuple(x for x in get("nameservers", "").replace(",", " ").split() if x)
        db_servers = []
        for kind, key, default in (("mysql", "mysql_url", "mysql://root@127.0.0.1:3306"),
                                   ("postgresql", "postgresql_url", "postgresql://postgres@127.0.0.1:5432/postgres")):
            url = self.ini.get("databases", key, fallback=default)
            if url:
                from sqlalchemy.engine import make_url

                u = make_url(url)
                db_servers.append(DatabaseServerSetting(kind, u.host or "127.0.0.1", u.port or (3306 if kind == "mysql" else 5432)))
        kwargs = dict(ip_addresses=ips or ("127.0.0.1",), nameservers=nameservers, database_servers=tuple(db_servers),
                      vhosts_root=self.ini.get("web", "vhosts_root", fallback=str(self.data_dir / "vhosts")),
                      apply_timeout=float(get("apply_timeout", "30")))
        if self.ini.get("databases", "prefix", fallback="").strip():
            kwargs["database_prefix"] = self.ini.get("databases", "prefix").strip()
        if get("password_strength"):
            kwargs["password_strength"] = get("password_strength")
        if get("hostname"):
            kwargs["hostname"] = get("hostname")
        return CoreSettings(**kwargs)


def load(data_dir: str | Path, config_file: str | Path | None = None, *, bind: str | None = None,
         database_url: str | None = None) -> PanelConfig:
    data_dir = Path(data_dir)
    ini = ConfigParser(interpolation=None)
    path = Path(config_file) if config_file else data_dir / "panel.ini"
    if path.exists():
        ini.read(path, encoding="utf-8")
    if not ini.has_section("polypanel"):
        ini.add_section("polypanel")
    sec = ini["polypanel"]
    ports = {}
    for name, (key, default, _tls) in LISTENERS.items():
        ports[name] = int(sec.get(key, str(default)))
    url = database_url or os.environ.get("POLYPANEL_DATABASE_URL") or sec.get("database_url", "") or sqlite_url(data_dir)
    return PanelConfig(data_dir=data_dir, ini=ini, bind=bind or sec.get("bind", "127.0.0.1"), database_url=url, ports=ports)
