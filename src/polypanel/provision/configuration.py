"""Building the appliers from panel.ini's ``[web] [dns] [databases] [mail] [ftp]``.

Every section has ``applier``: the real backend by name, ``dry`` (render
only), or ``auto`` (the default): the real backend when its tools are
installed and usable, else dry with a logged warning.  ``mode =
supervised`` (default) runs nginx/named as polypanel's own child processes
with everything under ``<state_dir>``; ``mode = system`` drives the
system's daemons through the paths given.  All keys, with defaults:

[web]        applier = auto|nginx|dry      mode = supervised|system
             http_port = 80 (8080 unprivileged)   https_port = 443 (8444 unprivileged: 8443 is the Plesk API)
             listen = *            (comma separated; supervised stand-in: 127.0.0.1)
             vhosts_root = <state>/vhosts     sites_dir = <state>/nginx/sites
             templates_dir =                  workers = 1     user = (root when root)
             php_fpm_socket =  (PHP-enabled domains pass .php to it; empty: sites are static)
             nginx = nginx   nginx_conf = /etc/nginx/nginx.conf (system)
             pid_file = /run/nginx.pid (system)   error_log = /var/log/nginx/error.log (system)
[dns]        applier = auto|bind|dry       mode = supervised|system
             port = 53 (5353 unprivileged)   listen = 127.0.0.1   control_port = (free)
             zones_dir = <state>/named/zones
             secondaries =     (addresses notified and allowed to transfer)
             allow_transfer =  (further addresses allowed to transfer)
             rndc_conf = /etc/bind/rndc.conf (system)   query_address = 127.0.0.1:53 (system)
[databases]  applier = auto|real|dry
             mysql_url = mysql://root@127.0.0.1:3306           (empty: none)
             postgresql_url = postgresql://postgres@127.0.0.1:5432/postgres (empty: none)
             prefix =  (read by the core: e.g. {system_user}_ before database and user names)
[mail]       applier = auto|postfix|dry    mail_dir = <state>/mail
             mail_root = <state>/vmail     uid = 5000   gid = 5000
             file_group = dovecot  (group that may read dovecot.passwd, if it exists)
[ftp]        applier = auto|pureftpd|dry   ftp_dir = <state>/ftp
             default_uid = 65534   default_gid = 65534
"""

from __future__ import annotations

import grp
import logging
import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from polypanel.provision.bind import BindBackend
from polypanel.provision.daemons import Daemon, NamedDaemon, NginxDaemon
from polypanel.provision.databases import DatabaseApplier, DatabaseBackend
from polypanel.provision.dns import DnsApplier, check_zones_in_process
from polypanel.provision.dry import DryBackend, DryDatabaseBackend
from polypanel.provision.errors import ConfigError, DatabaseError
from polypanel.provision.file_applier import FileBackend
from polypanel.provision.ftp import FtpApplier
from polypanel.provision.mail import MailApplier
from polypanel.provision.mariadb import MariaDBBackend
from polypanel.provision.nginx import NginxBackend
from polypanel.provision.postfix import PostmapBackend
from polypanel.provision.postgresql import PostgreSQLBackend
from polypanel.provision.provisioning import Provisioning
from polypanel.provision.pureftpd import PureDbBackend
from polypanel.provision.templates import Templates
from polypanel.provision.web import WebApplier

log = logging.getLogger("polypanel.provision")

Sections = Mapping[str, Mapping[str, str]]
DEFAULT_MYSQL_URL = "mysql://root@127.0.0.1:3306"
DEFAULT_POSTGRESQL_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


class _Section:
    def __init__(self, sections: Sections, name: str) -> None:
        self.name = name
        self.values: Mapping[str, str] = sections[name] if name in sections else {}

    def get(self, key: str, default: str = "") -> str:
        value = self.values.get(key)
        return default if value is None or value.strip() == "" else value.strip()

    def int(self, key: str, default: int) -> int:
        try:
            return int(self.get(key, str(default)))
        except ValueError:
            raise ConfigError(f"[{self.name}] {key} must be a number") from None

    def list(self, key: str, default: str = "") -> list[str]:
        return [item for item in self.get(key, default).replace(",", " ").split() if item]

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.get(key, default).lower()
        if value not in choices:
            raise ConfigError(f"[{self.name}] {key} must be one of {', '.join(choices)}, not {value!r}")
        return value


def build_provisioning(sections: Sections, state_dir: str | os.PathLike[str], *,
                       vhosts_root: str | None = None) -> Provisioning:
    """Appliers (and supervised daemons) as panel.ini's sections say.
    ``sections`` is a ConfigParser or any mapping of section -> key -> value; ``vhosts_root``, when
    given, is the document root the core uses (it wins over ``[web] vhosts_root``)."""
    state = Path(state_dir)
    daemons: list[Daemon] = []
    backends: dict[str, str] = {}
    warnings: list[str] = []

    def fallback(section: str, reason: str) -> str:
        message = f"[{section}] real applier unusable ({reason}); using the dry applier, nothing is served"
        log.warning(message)
        warnings.append(message)
        return "dry"

    web = _build_web(_Section(sections, "web"), state, daemons, backends, fallback, vhosts_root)
    dns = _build_dns(_Section(sections, "dns"), state, daemons, backends, fallback)
    databases = _build_databases(_Section(sections, "databases"), state, backends, fallback)
    mail = _build_mail(_Section(sections, "mail"), state, backends, fallback)
    ftp = _build_ftp(_Section(sections, "ftp"), state, backends, fallback)
    php_fpm_socket = _Section(sections, "web").get("php_fpm_socket") or None
    access_logs = tuple(str(d.logs_dir / "access.log") for d in daemons if isinstance(d, NginxDaemon))
    return Provisioning(web, dns, databases, mail, ftp, daemons, backends, warnings, php_fpm_socket, access_logs)


Fallback = Callable[[str, str], str]
_UNPRIVILEGED = os.geteuid() != 0


def _choose(section: _Section, real: str, missing: list[str], fallback: Fallback, extra_reason: str = "") -> str:
    chosen = section.choice("applier", ("auto", real, "dry"), "auto")
    if chosen != "auto":
        if chosen == real and missing:
            raise ConfigError(f"[{section.name}] applier = {real} but {', '.join(missing)} not installed")
        return chosen
    if missing:
        return fallback(section.name, f"{', '.join(missing)} not installed")
    if extra_reason:
        return fallback(section.name, extra_reason)
    return real


def _missing(*binaries: str) -> list[str]:
    return [b for b in binaries if shutil.which(b) is None and not Path(b).is_file()]


def _build_web(section: _Section, state: Path, daemons: list[Daemon], backends: dict[str, str], fallback: Fallback,
               vhosts_root: str | None = None) -> WebApplier:
    mode = section.choice("mode", ("supervised", "system"), "supervised")
    binary = section.get("nginx", "nginx")
    http_port = section.int("http_port", 8080 if _UNPRIVILEGED else 80)
    https_port = section.int("https_port", 8444 if _UNPRIVILEGED else 443)
    listen = section.list("listen", "127.0.0.1" if mode == "supervised" else "*")
    privileged = min(http_port, https_port) < 1024 and _UNPRIVILEGED and mode == "supervised"
    missing = _missing(binary)
    if not missing and not _runs(binary, "-v"):
        missing = [f"{binary} (not runnable)"]
    chosen = _choose(section, "nginx", missing, fallback, "ports below 1024 need root" if privileged else "")
    templates = Templates(section.get("templates_dir") or None)
    backend: FileBackend
    if chosen == "dry":
        sites_dir = Path(section.get("sites_dir", str(state / "nginx" / "sites")))
        backend = DryBackend()
    elif mode == "supervised":
        daemon = NginxDaemon(
            state / "nginx",
            http_port=http_port,
            https_port=https_port,
            listen=listen,
            binary=binary,
            user=section.get("user") or None,
            workers=section.get("workers", "1"),
        )
        daemons.append(daemon)
        daemon.write_config()
        sites_dir, backend = daemon.sites_dir, daemon.backend()
    else:
        sites_dir = Path(section.get("sites_dir", "/etc/nginx/polypanel.d"))
        backend = NginxBackend(
            section.get("nginx_conf", "/etc/nginx/nginx.conf"),
            sites_dir,
            pid_file=section.get("pid_file", "/run/nginx.pid"),
            error_log=section.get("error_log", "/var/log/nginx/error.log"),
            prefix=section.get("prefix", "/etc/nginx"),
            binary=binary,
        )
    backends["web"] = chosen
    return WebApplier(
        sites_dir,
        backend,
        vhosts_root=vhosts_root or section.get("vhosts_root", str(state / "vhosts")),
        state_dir=state / "web",
        http_port=http_port,
        https_port=https_port,
        listen=listen,
        templates=templates,
    )


def _build_dns(section: _Section, state: Path, daemons: list[Daemon], backends: dict[str, str], fallback: Fallback) -> DnsApplier:
    mode = section.choice("mode", ("supervised", "system"), "supervised")
    requested = section.get("applier", "auto").lower()
    if requested in ("nsd", "knot"):
        raise ConfigError(f"[dns] applier = {requested} is not supported yet; use bind or dry")
    port = section.int("port", 5353 if _UNPRIVILEGED else 53)
    listen = section.list("listen", "127.0.0.1")
    tools = ("named", "named-checkconf", "rndc") if mode == "supervised" else ("named-checkconf", "rndc")
    privileged = port < 1024 and _UNPRIVILEGED and mode == "supervised"
    chosen = _choose(section, "bind", _missing(*tools), fallback, "port below 1024 needs root" if privileged else "")
    secondaries = section.list("secondaries")
    allow_transfer = [*secondaries, *section.list("allow_transfer")]
    backend: FileBackend
    if chosen == "dry":
        zones_dir = Path(section.get("zones_dir", str(state / "named" / "zones")))
        backend = DryBackend(check_zones_in_process)
    elif mode == "supervised":
        control = section.int("control_port", 0) or None
        daemon = NamedDaemon(state / "named", port=port, listen=listen, control_port=control)
        daemons.append(daemon)
        daemon.write_config()
        zones_dir, backend = daemon.zones_dir, daemon.backend()
    else:
        zones_dir = Path(section.get("zones_dir", "/var/lib/polypanel/zones"))
        host, _, query_port = section.get("query_address", "127.0.0.1:53").rpartition(":")
        backend = BindBackend(
            rndc=["rndc", "-c", section.get("rndc_conf", "/etc/bind/rndc.conf")],
            query_address=(host.strip("[]"), int(query_port)),
        )
    backends["dns"] = chosen
    return DnsApplier(
        zones_dir,
        backend,
        allow_transfer=allow_transfer,
        also_notify=secondaries,
        templates=Templates(section.get("templates_dir") or None),
    )


def _build_databases(section: _Section, state: Path, backends: dict[str, str], fallback: Fallback) -> DatabaseApplier:
    chosen = section.choice("applier", ("auto", "real", "dry"), "auto")
    urls = {
        "mysql": section.values.get("mysql_url", DEFAULT_MYSQL_URL),
        "postgresql": section.values.get("postgresql_url", DEFAULT_POSTGRESQL_URL),
    }
    servers: dict[str, DatabaseBackend] = {}
    kinds: list[str] = []
    for type_, url in urls.items():
        url = (url or "").strip()
        dry = DryDatabaseBackend(type_, state / "databases" / f"dry-{type_}.json")
        if not url or chosen == "dry":
            servers[type_] = dry
            kinds.append("dry")
            continue
        real: Any = MariaDBBackend(url) if type_ == "mysql" else PostgreSQLBackend(url)
        if chosen == "auto":
            try:
                real.databases()
            except DatabaseError as exc:
                fallback("databases", f"{type_} at {real.name}: {exc.message}")
                servers[type_] = dry
                kinds.append("dry")
                continue
        servers[type_] = real
        kinds.append(type_)
    backends["db"] = "+".join(kinds)
    return DatabaseApplier(servers, state / "databases")


def _build_mail(section: _Section, state: Path, backends: dict[str, str], fallback: Fallback) -> MailApplier:
    chosen = _choose(section, "postfix", _missing("postmap"), fallback)
    backend: FileBackend = DryBackend() if chosen == "dry" else PostmapBackend(state / "postfix")
    backends["mail"] = chosen
    return MailApplier(
        section.get("mail_dir", str(state / "mail")),
        backend,
        mail_root=section.get("mail_root", str(state / "vmail")),
        uid=section.int("uid", 5000),
        gid=section.int("gid", 5000),
        file_group=_group_id(section.get("file_group", "dovecot")),
    )


def _build_ftp(section: _Section, state: Path, backends: dict[str, str], fallback: Fallback) -> FtpApplier:
    chosen = _choose(section, "pureftpd", _missing("pure-pw"), fallback)
    backend: FileBackend = DryBackend() if chosen == "dry" else PureDbBackend()
    backends["ftp"] = chosen
    return FtpApplier(
        section.get("ftp_dir", str(state / "ftp")),
        backend,
        default_uid=section.int("default_uid", 65534),
        default_gid=section.int("default_gid", 65534),
    )


def _group_id(name: str) -> int | None:
    """The gid of ``name`` when it exists and we may chown to it."""
    try:
        gid = grp.getgrnam(name).gr_gid
    except KeyError:
        return None
    return gid if os.geteuid() == 0 or gid in os.getgroups() else None


def _runs(binary: str, *args: str) -> bool:
    try:
        return subprocess.run([binary, *args], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False
