"""``plesk bin certificate``: certificate pools (core.certificates): a site's subscription pool
(``-domain``) or the administrator's server pool (``-admin``).

``--create NAME -domain D -key-file K -cert-file C [-cacert-file CA] [-csr-file CSR]`` installs;
``--update NAME`` replaces parts (and ``-new-name``); ``--remove NAME``; ``--list`` prints Plesk's
table (``CSR Priv Cert CA Name Used``, Y/N flags and how many sites use each certificate);
``--assign-cert NAME -domain D`` makes the site serve it. Also here (not in Plesk's utility,
where ``plesk bin site -u D -certificate-name ""`` does it, as here too): ``--unassign-cert -domain D``.

The ``-*-file`` options name files on the box, read by ``plesk bin certificate`` there. The REST
API's CLI gateway does not read the server's files for a remote caller (the panel's own store and
keys live there): through it, the option's value is the PEM text itself, and a path is refused.
``--assign-cert -ip`` (Plesk's default certificate of an IP address) is refused: a site without a
certificate of its own serves its own self-signed one here, never an IP's.
"""
from __future__ import annotations

from pathlib import Path

from polypanel.core import certificates, domains, tls_material
from polypanel.core.certificates import Pool
from polypanel.core.errors import Invalid, NotFound

from .base import Command, Run, Usage, Utility, created, removed, updated

FILES = {"cert-file": "certificate", "key-file": "private_key", "cacert-file": "ca_certificate", "csr-file": "csr"}
MAX_FILE = 256 * 1024
OPTIONS = {
    "domain": "the site whose subscription's pool holds the certificate (or that --assign-cert serves it on)",
    "key-file": "the private key (PEM file)",
    "cert-file": "the certificate (PEM file; the chain may follow the certificate)",
    "cacert-file": "the CA certificate chain (PEM file)",
    "csr-file": "the certificate signing request (PEM file)",
    "new-name": "the certificate's new name (--update)",
    "ip": "an IP address (--assign-cert -ip is not supported here)",
}
FLAGS = frozenset({"admin"})


def _pool(run: Run) -> Pool:
    if "admin" in run.opts:
        if run.opt("domain"):
            raise Usage("Give either -admin or -domain, not both")
        return Pool(None)
    if not run.opt("domain"):
        raise Usage("The repository is not specified: use -domain <domain name> or -admin")
    return Pool(domains.get(run.ctx, name=run.opt("domain")).subscription)


def _read(run: Run, option: str) -> str | None:
    value = run.opt(option)
    if value is None:
        return None
    field = FILES[option]
    if getattr(run.state, "remote", False):
        if tls_material.BEGIN not in value:
            raise Invalid(field, f"the CLI gateway does not read files on the server: give the PEM text as -{option}")
        return value
    path = Path(value)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE + 1)
    except OSError as e:
        raise Invalid(field, f"unable to read the file '{value}': {e.strerror or e}") from None
    if len(data) > MAX_FILE:
        raise Invalid(field, f"the file '{value}' is too large")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise Invalid(field, f"the file '{value}' is not PEM text") from None


def _parts(run: Run) -> dict:
    return {"cert": _read(run, "cert-file"), "key": _read(run, "key-file"), "ca": _read(run, "cacert-file"),
            "csr": _read(run, "csr-file")}


def create(run: Run) -> None:
    parts = _parts(run)
    if not parts["key"]:
        raise Invalid("private_key", "the option -key-file is required")
    row = certificates.install(run.ctx, _pool(run), run.target, **parts)
    created(run, "certificate", row.name)


def update(run: Run) -> None:
    row = certificates.get(run.ctx, _pool(run), run.target)
    certificates.update(run.ctx, row, name=run.opt("new-name"), **_parts(run))
    updated(run, "certificate", row.name)


def remove(run: Run) -> None:
    row = certificates.get(run.ctx, _pool(run), run.target)
    name = row.name
    certificates.remove(run.ctx, row)
    removed(run, name)


def list_(run: Run) -> None:
    rows = certificates.list_(run.ctx, _pool(run))
    yn = lambda value: "Y" if value else "N"  # noqa: E731
    width = max([len(r.name) for r in rows] + [30])
    run.say(f"{'CSR':<5}{'Priv':<5}{'Cert':<5}{'CA':<5}{'Name':<{width + 2}}Used")
    for r in rows:
        used = len(certificates.users(run.ctx, r))
        run.say(f"{yn(r.csr_pem):<5}{yn(r.key_pem):<5}{yn(r.cert_pem):<5}{yn(r.ca_pem):<5}{r.name:<{width + 2}}{used}")


def assign(run: Run) -> None:
    if run.opt("ip"):
        raise Invalid("ip", "a default certificate of an IP address is not supported: assign it to a site with -domain")
    domain = domains.get(run.ctx, name=run.required("domain"))
    pool = Pool(None) if "admin" in run.opts else Pool(domain.subscription)
    row = certificates.get(run.ctx, pool, run.target)
    certificates.assign(run.ctx, row, domain)
    run.say(f"SUCCESS: The certificate '{row.name}' is assigned to '{domain.name}'.")


def unassign(run: Run) -> None:
    domain = domains.get(run.ctx, name=run.required("domain"))
    certificates.unassign(run.ctx, domain)
    run.say(f"SUCCESS: '{domain.name}' serves its default self-signed certificate.")


def serve_certificate(run: Run, domain, name: str) -> None:
    """``plesk bin site|domain --update D -certificate-name NAME``: the site serves NAME from its
    subscription's pool (the administrator: or from the server pool); an empty name unassigns."""
    if not name.strip():
        certificates.unassign(run.ctx, domain)
        return
    try:
        row = certificates.get(run.ctx, Pool(domain.subscription), name)
    except NotFound:
        if not run.ctx.principal.is_admin:
            raise
        row = certificates.get(run.ctx, Pool(None), name)
    certificates.assign(run.ctx, row, domain)


certificate = Utility("certificate", "certificate", [
    Command("--create", create, "create a certificate in a repository (-domain or -admin)", ("-c",), "NAME",
            phrase="creation"),
    Command("--update", update, "update a certificate", ("-u",), "NAME", phrase="update"),
    Command("--remove", remove, "remove a certificate", ("-r",), "NAME", phrase="removal"),
    Command("--list", list_, "list the certificates of a repository", ("-l",), None, phrase="listing"),
    Command("--assign-cert", assign, "make -domain serve the certificate", (), "NAME", phrase="assignment"),
    Command("--unassign-cert", unassign, "make -domain serve its self-signed certificate again", (), None,
            phrase="unassignment"),
], OPTIONS, FLAGS)
