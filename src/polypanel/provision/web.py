"""Web sites as nginx server blocks, one ``<domain>.conf`` per site.

The applier also makes what a block points at: the document root with a
default index page (owned by the site's system user when running as root),
a self-signed certificate when the site has none, and the shared "suspended"
page.  Which nginx (if any) validates and reloads is the backend's business.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from polypanel.provision.certificates import ensure_self_signed
from polypanel.provision.errors import SpecInvalid
from polypanel.provision.file_applier import FileApplier, FileBackend
from polypanel.provision.specs import SiteSpec, TlsFiles
from polypanel.provision.staging import ConfigDir, Content, Staging, write_file_atomic
from polypanel.provision.templates import Templates

SUFFIX = ".conf"
HTPASSWD = ".htpasswd-"  # <site>.htpasswd-<n>: the users of the site's n-th protected directory
SHARED_CONF = "_polypanel.conf"  # not a host name, so never a site's file
LAZY_TLS = "$polypanel_lazy_tls"
_HOST = re.compile(r"^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.?$")
_UNSAFE_PATH = re.compile(r'["\\;{}$\s]')
_URL = re.compile(r"^https?://[^\s\"';{}$\\]+$")
_PROTECTED_PATH = re.compile(r"^([A-Za-z0-9_~@+-][A-Za-z0-9._~@+-]{0,63}(/[A-Za-z0-9_~@+-][A-Za-z0-9._~@+-]{0,63})*)?$")
_REALM_UNSAFE = re.compile(r'["\\$;{}\x00-\x1f\x7f]')
_LIMIT_GROUP = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,63}$")
_HTPASSWD_LINE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}:\$[0-9a-z]+\$[^\s:]+$")


class WebApplier(FileApplier[SiteSpec]):
    kind = "web"

    def __init__(
        self,
        sites_dir: str | os.PathLike[str],
        backend: FileBackend,
        *,
        vhosts_root: str | os.PathLike[str],
        state_dir: str | os.PathLike[str],
        http_port: int = 80,
        https_port: int = 443,
        listen: Sequence[str] = ("*",),
        templates: Templates | None = None,
    ) -> None:
        super().__init__(ConfigDir(sites_dir), backend)
        self.vhosts_root = Path(vhosts_root)
        self.state_dir = Path(state_dir)
        self.http_port = http_port
        self.https_port = https_port
        self.listen = [listen_prefix(address) for address in listen]
        self.templates = templates or Templates()
        self.certs_dir = self.state_dir / "certs"
        self.suspended_root = self.state_dir / "suspended"
        self.suspended_root.mkdir(parents=True, exist_ok=True)
        write_file_atomic(
            self.suspended_root / "suspended.html", self.templates.render("web/suspended.html.j2")
        )

    def document_root(self, site: SiteSpec) -> Path:
        return Path(site.document_root) if site.document_root else self.vhosts_root / site.name / "httpdocs"

    def tls_files(self, site: SiteSpec) -> TlsFiles | None:
        if not site.https:
            return None
        if site.tls is None and site.certificate is not None:
            base = self.assigned_dir(site.name) / site.certificate.fingerprint
            return TlsFiles(f"{base}.crt", f"{base}.key")
        return site.tls or TlsFiles(
            str(self.certs_dir / f"{site.name}.crt"), str(self.certs_dir / f"{site.name}.key")
        )

    def assigned_dir(self, name: str) -> Path:
        """Where the certificates assigned to site ``name`` are written, one pair per fingerprint."""
        return self.certs_dir / "assigned" / name

    def keys(self) -> set[str]:
        return {name[: -len(SUFFIX)] for name in self.directory.files(SUFFIX) if name != SHARED_CONF}

    def derived(self, staging: Staging) -> dict[str, Content | None]:
        return {SHARED_CONF: self.templates.render("nginx/shared.conf.j2")}

    def files_of(self, key: str) -> list[str]:
        return [key + SUFFIX, *(name for name in self.directory.files() if name.startswith(key + HTPASSWD))]

    def prepare(self, site: SiteSpec) -> None:
        _check_site(site)
        if site.https and site.tls is None:
            tls = self.tls_files(site)
            assert tls is not None
            if site.certificate is not None:
                self._write_assigned(site, tls)
            else:
                ensure_self_signed(tls.cert_path, tls.key_path, site.server_names)
        if site.hosting_type == "virtual":
            self._ensure_document_root(site)

    def render(self, site: SiteSpec) -> dict[str, Content]:
        _check_site(site)
        protected, files = [], {}
        for i, pd in enumerate(site.protected if site.hosting_type == "virtual" else ()):
            rel = f"{site.name}{HTPASSWD}{i}"
            files[rel] = "".join(f"{login}:{hashed}\n" for login, hashed in pd.users)
            realm = pd.realm if pd.realm and pd.realm.lower() != "off" else "Restricted area"  # "off" turns it off
            protected.append({"path": pd.path, "realm": realm, "file": str(self.directory.path / rel)})
        text = self.templates.render(
            "nginx/site.conf.j2",
            site=site,
            listen=self.listen,
            http_port=self.http_port,
            https_port=self.https_port,
            tls=self.tls_files(site),
            # an assigned certificate is loaded when nginx reads the config, so ``nginx -t`` checks it
            tls_suffix=LAZY_TLS if site.tls is None and site.certificate is None else "",
            document_root=str(self.document_root(site)),
            suspended_root=str(self.suspended_root),
            forward_url=(site.forward_url or "").rstrip("/"),
            protected=protected,
        )
        return {site.name + SUFFIX: text, **files}

    def forget(self, key: str) -> None:
        for suffix in (".crt", ".key"):
            try:
                (self.certs_dir / f"{key}{suffix}").unlink()
            except FileNotFoundError:
                pass
        shutil.rmtree(self.assigned_dir(key), ignore_errors=True)

    def settled(self, key: str) -> None:
        """The site's new config is live: drop the certificate files it no longer names."""
        directory = self.assigned_dir(key)
        if not directory.is_dir():
            return
        live = self.directory.read(key + SUFFIX) or b""
        for old in directory.iterdir():
            if str(old).encode() not in live:
                old.unlink(missing_ok=True)

    def _write_assigned(self, site: SiteSpec, tls: TlsFiles) -> None:
        """Write the assigned pair (0600, in a 0700 directory); the live config may still name the
        previous pair until this one is live (``settled`` drops it then)."""
        assert site.certificate is not None
        directory = self.assigned_dir(site.name)
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        for path, text in ((tls.key_path, site.certificate.key_pem), (tls.cert_path, site.certificate.chain_pem)):
            target = Path(path)
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                write_file_atomic(target, text, 0o600)

    def _ensure_document_root(self, site: SiteSpec) -> None:
        root = self.document_root(site)
        if root.exists():
            return
        created = [p for p in (root.parent, root) if not p.exists()]
        root.mkdir(parents=True, exist_ok=True)
        index = root / "index.html"
        index.write_text(
            self.templates.render("web/index.html.j2", unicode_name=site.unicode_name or site.name),
            encoding="utf-8",
        )
        owner = _system_user(site.system_user)
        if owner is not None:
            for path in (*created, index):
                os.chown(path, owner.pw_uid, owner.pw_gid)


def listen_prefix(address: str) -> str:
    """``listen`` address as it goes before ``:port`` in nginx."""
    address = address.strip()
    if address in ("", "*"):
        return ""
    if ":" in address and not address.startswith("["):
        address = f"[{address}]"
    return address + ":"


def _system_user(name: str | None) -> pwd.struct_passwd | None:
    if not name or os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def _check_site(site: SiteSpec) -> None:
    for host in site.server_names:
        if not _HOST.match(host):
            raise SpecInvalid(site.key, f"not a valid ASCII host name: {host!r}")
    for label, value in (
        ("document_root", site.document_root),
        ("php_fpm_socket", site.php_fpm_socket or ""),
        ("cert_path", site.tls.cert_path if site.tls else ""),
        ("key_path", site.tls.key_path if site.tls else ""),
    ):
        if _UNSAFE_PATH.search(value) or (value and not value.startswith("/")):
            raise SpecInvalid(site.key, f"{label} must be an absolute path without quotes, ';', '$' or spaces")
    for pd in site.protected:
        if not _PROTECTED_PATH.match(pd.path) or any(p in (".", "..") for p in pd.path.split("/")) \
                or len(pd.realm) > 255 or _REALM_UNSAFE.search(pd.realm) \
                or not all(_HTPASSWD_LINE.match(f"{login}:{hashed}") for login, hashed in pd.users):
            raise SpecInvalid(site.key, f"protected directory {pd.path!r}: unsafe path, realm or user")
    for label, value in (("rate_kb", site.rate_kb), ("max_connections", site.max_connections)):
        if value is not None and (type(value) is not int or not 0 < value <= 10**9):
            raise SpecInvalid(site.key, f"{label} must be a whole number from 1 to 10^9")
    if site.max_connections is not None and not _LIMIT_GROUP.match(site.limit_group):
        raise SpecInvalid(site.key, "a connection limit needs a limit_group of letters, digits and '-'")
    if site.hosting_type == "forwarding" and not _URL.match(site.forward_url or ""):
        raise SpecInvalid(site.key, "forwarding needs an http(s) forward_url")
    if site.php and site.status == "active" and site.hosting_type == "virtual" and not site.php_fpm_socket:
        raise SpecInvalid(site.key, "php needs php_fpm_socket")
