"""panel.ini: every setting of the panel, read in one place; ``KEYS`` lists them all with their defaults.

The first start writes ``DATA_DIR/panel.ini`` from ``KEYS`` (every key commented out at its
default, with a line saying what it does); the README's configuration section is the same text.
"""
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
    "webmail_https": ("webmail_https_port", 2096, True),
    "webmail_http": ("webmail_http_port", 2095, False),
    "ispmgr_https": ("ispmgr_https_port", 1500, True),
}

# section -> [(key, default as written, one-line explanation)]. DATA_DIR stands for the data dir.
KEYS: dict[str, list[tuple[str, str, str]]] = {
    "polypanel": [
        ("bind", "127.0.0.1", "address the API listeners bind to; 0.0.0.0 for every address (or serve --bind)"),
        ("database_url", "", "the store, e.g. postgresql://user:pw@host:5432/polypanel; empty: SQLite DATA_DIR/panel.db"),
        ("hostname", "", "the server's host name; empty: this machine's FQDN"),
        ("ip_addresses", "127.0.0.1", "the server's IP addresses, comma separated; the first is the default shared IP"),
        ("nameservers", "", "NS records of new zones, comma separated; empty: ns1.<domain>, ns2.<domain>"),
        ("apply_timeout", "30", "seconds an API call waits for the provisioning of its change"),
        ("password_strength", "strong", "minimum strength of account passwords: very_weak | weak | medium | strong"),
        ("plesk_https_port", "8443", "Plesk REST API v2, HTTPS (0 turns a listener off)"),
        ("plesk_http_port", "8880", "Plesk, plain HTTP (the REST API answers there only with [api] allowPlainHttpAccess = on)"),
        ("whm_https_port", "2087", "WHM API 1 / API 0 (/json-api/...), HTTPS"),
        ("whm_http_port", "2086", "WHM API 1 / API 0, plain HTTP"),
        ("cpanel_https_port", "2083", "cPanel UAPI (/execute/...) and API 2 (/json-api/cpanel), HTTPS"),
        ("cpanel_http_port", "2082", "cPanel UAPI and API 2, plain HTTP"),
        ("webmail_https_port", "2096", "cPanel Webmail: login of a mail account (user@domain) and its UAPI subset, HTTPS"),
        ("webmail_http_port", "2095", "cPanel Webmail, plain HTTP"),
        ("ispmgr_https_port", "1500", "ISPmanager API (/ispmgr, /manager/ispmgr), HTTPS"),
    ],
    "api": [
        ("enabled", "on", "off turns the remote APIs off"),
        ("allowedIPs", "", "client addresses or networks allowed to use the APIs, comma separated; empty: any"),
        ("allowPlainHttpAccess", "off", "on: the REST API also answers on the plain HTTP port"),
    ],
    "ispmgr": [
        ("restrict_authinfo", "off", "on: authinfo=LOGIN:PASSWORD only from restrict_authinfo_range (ISPmanager's Option RestrictAuthinfo)"),
        ("restrict_authinfo_range", "", "addresses or networks allowed to use authinfo, comma separated; empty: this host only"),
        ("one_time_expire", "3600", "seconds a session.newkey login key stays valid (ISPmanager's OneTimeExpire)"),
    ],
    "ext-rest-api": [
        ("cors.enabled", "on", "off: no CORS headers (browsers on other origins are refused)"),
        ("cors.origin", "", "origins (or bare host names) allowed by CORS, comma separated; * for any; empty: the panel's own origin"),
        ("cors.methods", "GET, POST, PUT, DELETE, OPTIONS", "methods allowed by CORS"),
    ],
    "security": [
        ("trusted_ips", "", "addresses or networks the brute-force guard never blocks (also: polypanel unblock --allow)"),
        ("max_ip_failures", "5", "failures from one address within window_seconds that block the address ..."),
        ("ip_block_seconds", "900", "... for this long"),
        ("max_login_failures", "15", "failures on one account (any alias: root = admin) that block the account ..."),
        ("login_block_seconds", "300", "... for this long (a higher threshold and a shorter block than an address: as cPHulk)"),
        ("window_seconds", "300", "the window in which failures are counted"),
    ],
    "web": [
        ("applier", "auto", "auto | nginx | dry: auto uses nginx when it is installed and usable, dry only renders"),
        ("mode", "supervised", "supervised: the panel runs its own nginx under DATA_DIR/provision; system: drives the system's nginx"),
        ("http_port", "80", "port of the sites over HTTP (8080 when not run as root)"),
        ("https_port", "443", "port of the sites over HTTPS (8444 when not run as root)"),
        ("listen", "127.0.0.1", "addresses nginx listens on, comma separated, * for all (mode = system: default *)"),
        ("vhosts_root", "DATA_DIR/vhosts", "document roots: <vhosts_root>/<domain>/httpdocs"),
        ("sites_dir", "/etc/nginx/polypanel.d", "mode = system (and dry): where the sites' configuration goes"),
        ("templates_dir", "", "your own Jinja2 templates, overriding the packaged ones"),
        ("workers", "1", "nginx worker processes"),
        ("user", "", "nginx worker user (empty: root when run as root)"),
        ("php_fpm_socket", "", "PHP-enabled sites pass .php to this PHP-FPM socket; empty: sites are static"),
        ("nginx", "nginx", "the nginx program"),
        ("nginx_conf", "/etc/nginx/nginx.conf", "mode = system: the main configuration; it must include <sites_dir>/*.conf"),
        ("pid_file", "/run/nginx.pid", "mode = system: nginx's pid file"),
        ("error_log", "/var/log/nginx/error.log", "mode = system: nginx's error log"),
        ("prefix", "/etc/nginx", "mode = system: nginx's prefix directory"),
    ],
    "dns": [
        ("applier", "auto", "auto | bind | dry: auto uses BIND when it is installed and usable"),
        ("mode", "supervised", "supervised: the panel runs its own named under DATA_DIR/provision; system: drives the system's"),
        ("port", "53", "DNS port, UDP and TCP (5353 when not run as root)"),
        ("listen", "127.0.0.1", "addresses named listens on, comma separated"),
        ("control_port", "", "rndc port of the supervised named; empty: a free one, kept"),
        ("zones_dir", "/var/lib/polypanel/zones", "mode = system (and dry): where zone files go"),
        ("templates_dir", "", "your own Jinja2 templates for zones, overriding the packaged ones"),
        ("secondaries", "", "secondary servers: notified of changes and allowed to transfer"),
        ("allow_transfer", "", "further addresses allowed to transfer zones"),
        ("rndc_conf", "/etc/bind/rndc.conf", "mode = system: rndc's configuration"),
        ("query_address", "127.0.0.1:53", "mode = system: where the system's named answers"),
    ],
    "databases": [
        ("applier", "auto", "auto | real | dry: auto uses the servers below when they answer"),
        ("mysql_url", "mysql://root@127.0.0.1:3306", "server for customer MySQL databases; empty: none"),
        ("postgresql_url", "postgresql://postgres@127.0.0.1:5432/postgres", "server for customer PostgreSQL databases; empty: none"),
        ("prefix", "", "put before every database and database user name, e.g. {system_user}_; empty: no prefix"),
    ],
    "mail": [
        ("applier", "auto", "auto | postfix | dry: Dovecot passwd-file and Postfix virtual maps"),
        ("mail_dir", "DATA_DIR/provision/mail", "where dovecot.passwd and the Postfix maps are written"),
        ("mail_root", "DATA_DIR/provision/vmail", "the mailboxes' home directories"),
        ("uid", "5000", "owner of the mailboxes"),
        ("gid", "5000", "group of the mailboxes"),
        ("file_group", "dovecot", "group that may read dovecot.passwd, if it exists"),
    ],
    "autossl": [
        ("enabled", "on", "off turns AutoSSL off (cPanel's SSL::start_autossl_check and WHM's AutoSSL functions then refuse)"),
        ("clobber_externally_signed", "off", "on: AutoSSL may replace a certificate from another CA once it is expired, not valid for the site or expiring within 3 days"),
    ],
    "ftp": [
        ("applier", "auto", "auto | pureftpd | dry: Pure-FTPd passwd file (pure-pw mkdb)"),
        ("ftp_dir", "DATA_DIR/provision/ftp", "where the Pure-FTPd passwd file is written"),
        ("default_uid", "65534", "uid of FTP users without a system user"),
        ("default_gid", "65534", "gid of FTP users without a system user"),
    ],
}

TEMPLATE_HEADER = """\
; polypanel's configuration. Every key is shown commented out at its default:
; remove the leading ";" and change the value, then restart the panel.
"""


def template(data_dir: str = "DATA_DIR", values: dict[tuple[str, str], str] | None = None) -> str:
    """The text of a new panel.ini: every key of ``KEYS``, commented out at its default
    (``values``: (section, key) -> value of keys to write set, not commented)."""
    values = values or {}
    lines = [TEMPLATE_HEADER.rstrip("\n")]
    for section, keys in KEYS.items():
        lines += ["", f"[{section}]"]
        for key, default, help_ in keys:
            lines.append(f"; {help_.replace('DATA_DIR', data_dir)}")
            if (section, key) in values:
                lines.append(f"{key} = {values[section, key]}")
            else:
                lines.append(f";{key} = {default.replace('DATA_DIR', data_dir)}".rstrip())
    return "\n".join(lines) + "\n"


def write_template(path: Path, data_dir: Path, values: dict[tuple[str, str], str] | None = None) -> bool:
    """Write a new panel.ini at ``path`` unless one is there; True if written."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as f:
            f.write(template(str(data_dir), values))
    except FileExistsError:
        return False
    return True


class PanelConfigError(Exception):
    """panel.ini has a value the panel cannot use."""


def new_parser() -> ConfigParser:
    # "key = value   ; comment" keeps only the value.
    return ConfigParser(interpolation=None, inline_comment_prefixes=(";",))


@dataclass
class PanelConfig:
    data_dir: Path
    ini: ConfigParser
    config_file: Path | None = None
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
                      vhosts_root=self.ini.get("web", "vhosts_root", fallback="") or str(self.data_dir / "vhosts"),
                      apply_timeout=float(get("apply_timeout", "30")))
        prefix = self.ini.get("databases", "prefix", fallback="").strip()
        if prefix:
            kwargs["database_prefix"] = prefix
        if get("password_strength"):
            kwargs["password_strength"] = get("password_strength")
        if get("hostname"):
            kwargs["hostname"] = get("hostname")
        clobber = self.ini.get("autossl", "clobber_externally_signed", fallback="off").strip().lower()
        kwargs["autossl_clobber_externally_signed"] = clobber in ("1", "on", "true", "yes")
        enabled = self.ini.get("autossl", "enabled", fallback="on").strip().lower()
        kwargs["autossl_enabled"] = enabled not in ("0", "off", "false", "no")
        return CoreSettings(**kwargs)


def load(data_dir: str | Path, config_file: str | Path | None = None, *, bind: str | None = None,
         database_url: str | None = None, write: bool = False) -> PanelConfig:
    """Read panel.ini. Paths are made absolute here, once: nginx, named, the store and the
    certificates all get them from this. ``write``: create a commented panel.ini if there is none."""
    data_dir = Path(data_dir).expanduser().absolute()
    ini = new_parser()
    path = (Path(config_file).expanduser().absolute() if config_file else data_dir / "panel.ini")
    if write:
        write_template(path, data_dir)
    if path.exists():
        ini.read(path, encoding="utf-8")
    if not ini.has_section("polypanel"):
        ini.add_section("polypanel")
    sec = ini["polypanel"]
    ports = {}
    for name, (key, default, _tls) in LISTENERS.items():
        value = sec.get(key, "") or str(default)
        try:
            ports[name] = int(value)
        except ValueError:
            raise PanelConfigError(f"[polypanel] {key} in {path} must be a port number, not {value!r}") from None
    url = database_url or os.environ.get("POLYPANEL_DATABASE_URL") or sec.get("database_url", "") or sqlite_url(data_dir)
    return PanelConfig(data_dir=data_dir, ini=ini, config_file=path, bind=bind or sec.get("bind", "") or "127.0.0.1",
                       database_url=url, ports=ports)
