"""SSL: UAPI install_ssl, list_certs, list_keys, installed_hosts, delete_ssl, delete_cert,
fetch_best_for_domain; API 2 installssl (core.certificates, over the account's certificate pool).

``install_ssl`` keeps the certificate in the account's pool (named by its cPanel id) and installs it
on the domain's site, which nginx then serves; without ``key`` the key of a pool entry with the same
public key is used, as cPanel takes one from its SSL storage. ``installed_hosts`` lists the sites
serving an installed certificate (a site without one serves a self-signed certificate the panel
makes on disk, which is no object of the store and not listed); ``certificate.is_autossl`` says
whether AutoSSL issued it (``autossl_ops.py``). Keys and CSRs: ``ssl_keys_ops.py``.
"""
from __future__ import annotations

import calendar
import re

from polypanel.core import certificates, tls_material, vocabulary
from polypanel.core.certificates import Pool
from polypanel.core.errors import Invalid

from ..whm.wire import Failure
from .domain_ops import account
from .wire import UapiResult

MESSAGES = {"do not match": "Certificate and key do not match."}


def epoch(dt) -> int | None:
    return int(calendar.timegm(dt.timetuple())) if dt is not None else None


def cert_id(d: tls_material.Described) -> str:
    """An id in cPanel's form: ``<domain>_<key part>_<hash part>_<expiry epoch>_<hash>``."""
    base = re.sub(r"[^a-z0-9]", "_", (d.names[0] if d.names else d.subject_cn or "certificate").replace("*", "_wildcard_"))
    key_part = (d.modulus or d.ec_public or "00000")[:5]
    return f"{base[:64]}_{key_part}_{d.sha256[:5]}_{epoch(d.not_after)}_{d.sha256[5:37]}"


def key_id(info: tls_material.KeyInfo) -> str:
    return f"{(info.modulus or info.ec_public or '00000')[:5]}_{info.spki_sha256[:5]}_{info.spki_sha256[5:37]}"


def cert_item(row, d: tls_material.Described) -> dict:
    return {"created": epoch(row.created_at), "domains": list(d.names), "ecdsa_curve_name": d.curve,
            "ecdsa_public": d.ec_public, "friendly_name": row.name, "id": cert_id(d),
            "is_self_signed": int(d.self_signed), "issuer.commonName": d.issuer_cn,
            "issuer.organizationName": d.issuer_org, "key_algorithm": d.key_algorithm, "modulus": d.modulus,
            "modulus_length": d.key_bits if d.modulus else None, "not_after": epoch(d.not_after),
            "not_before": epoch(d.not_before), "serial": d.serial, "signature_algorithm": d.signature_algorithm,
            "subject.commonName": d.subject_cn, "validation_type": None}


def site_names(sub, d) -> list[str]:
    aliases = [a.ascii_name for a in sub.domains if a.kind in vocabulary.ALIAS_KINDS and a.parent_id == d.id]
    return [d.ascii_name, f"www.{d.ascii_name}", *[n for a in aliases for n in (a, f"www.{a}")]]


def _ip(sub) -> str:
    return sub.ip.address if sub.ip is not None else "127.0.0.1"


def _site(sub, name: str):
    name = (name or "").strip().lower().rstrip(".")
    for d in sub.domains:
        if d.ascii_name == name:
            if d.kind not in vocabulary.SITE_KINDS:
                raise Failure(f"The domain “{name[:255]}” is an alias: install the certificate on its site.")
            return d
    raise Failure(f"The account “{sub.system_user}” does not own the domain “{name[:255]}”.")


def _failure(e: Invalid) -> Failure:
    for words, text in MESSAGES.items():
        if words in e.reason:
            return Failure(text)
    return Failure(f"The {e.field.replace('_', ' ')} is invalid: {e.reason}")


def install(ctx, sub, *, domain: str, cert: str, key: str, cab: str) -> dict:
    """Install ``cert`` on ``domain`` of the account ``sub``; the installer's report (cPanel's keys)."""
    if not cert.strip():
        raise Failure("No 'cert' argument specified.")
    rows = certificates.list_(ctx, Pool(sub))
    try:
        if not key.strip():
            wanted = tls_material.public_key_sha256(_leaf_only(cert))
            match = next((r for r in rows if tls_material.describe_key(r.key_pem).spki_sha256 == wanted), None)
            if match is None:
                raise Failure("The system did not find a private key for this certificate in the account’s SSL storage.")
            key = match.key_pem
        material = tls_material.check(cert=cert, key=key, ca=cab or None)
    except Invalid as e:
        raise _failure(e) from None
    described = tls_material.describe(material.cert_pem)
    if domain.strip():
        d = _site(sub, domain)
    else:
        d = next((x for x in sub.domains if x.kind in vocabulary.SITE_KINDS
                  and tls_material.covers(described.names, x.ascii_name)), None)
        if d is None:
            raise Failure("The certificate does not cover any domain of this account: give “domain”.")
    row = next((r for r in rows if r.cert_pem == material.cert_pem and r.key_pem == material.key_pem), None)
    try:
        if row is None:
            row = certificates.install(ctx, Pool(sub), cert_id(described), cert=material.cert_pem,
                                       key=material.key_pem, ca=material.ca_pem or None)
        elif material.ca_pem and material.ca_pem != row.ca_pem:
            certificates.update(ctx, row, cert=material.cert_pem, ca=material.ca_pem)
        certificates.assign(ctx, row, d)
    except Invalid as e:
        raise _failure(e) from None
    names = site_names(sub, d)
    ip = _ip(sub)
    message = (f"The SSL certificate is now installed onto the domain “{d.ascii_name}” using the IP address “{ip}”. "
               "The web server serves it now.")
    return {"action": "none", "aliases": " ".join(names[1:]), "cert_id": cert_id(described), "domain": d.ascii_name,
            "extra_certificate_domains": [n for n in described.names if n not in names],
            "html": message, "ip": ip, "key_id": key_id(tls_material.describe_key(material.key_pem)),
            "message": message, "status": 1, "statusmsg": message, "user": sub.system_user,
            "warning_domains": [n for n in names if not tls_material.covers(described.names, n)],
            "working_domains": [n for n in names if tls_material.covers(described.names, n)]}


def _leaf_only(cert: str) -> str:
    text = cert.strip()
    if len(text) > tls_material.MAX_CERT + tls_material.MAX_CHAIN:
        raise Invalid("certificate", "is too large")
    try:
        tls_material.leaf(text)
        return text
    except ValueError:
        raise Invalid("certificate", "is not a valid PEM certificate") from None


def install_ssl(ctx, call):
    q = call.query
    return install(ctx, account(ctx, call), domain=q.text("domain"), cert=q.text("cert"), key=q.text("key"),
                   cab=q.text("cabundle"))


def api2_installssl(ctx, call):
    q = call.query
    try:
        report = install(ctx, account(ctx, call), domain=q.text("domain"), cert=q.text("crt"), key=q.text("key"),
                         cab=q.text("cabundle"))
    except Failure as e:
        return [{"result": 0, "output": e.reason}]
    return [{"result": 1, "output": report["message"]}]


def list_certs(ctx, call):
    rows = certificates.list_(ctx, Pool(account(ctx, call)))
    return [cert_item(r, tls_material.describe(r.cert_pem)) for r in rows if r.cert_pem]


def list_keys(ctx, call):
    """Each key once (a key may be in several pool entries: alone, with a CSR, with its certificate)."""
    out, seen = [], set()
    for r in certificates.list_(ctx, Pool(account(ctx, call))):
        info = tls_material.describe_key(r.key_pem)
        if info.spki_sha256 in seen:
            continue
        seen.add(info.spki_sha256)
        out.append({"created": epoch(r.created_at), "ecdsa_curve_name": info.curve, "ecdsa_public": info.ec_public,
                    "friendly_name": r.name, "id": key_id(info), "key_algorithm": info.algorithm,
                    "modulus": info.modulus, "modulus_length": info.bits if info.modulus else None})
    return out


def host_item(sub, d, row, source=None) -> dict:
    described = tls_material.describe(row.cert_pem)
    names = site_names(sub, d)
    is_autossl = int(source is not None and source.issued_here(row.cert_pem))
    return {"certificate": {**cert_item(row, described), "is_autossl": is_autossl}, "certificate_text": row.cert_pem,
            "docroot": d.document_root, "domains": names, "fqdns": names, "ip": _ip(sub), "needs_sni": 1,
            "servername": d.ascii_name, "verify_error": ""}


def installed_hosts(ctx, call):
    sub = account(ctx, call)
    rows = {r.id: r for r in certificates.usable_for(ctx, sub.domains[0])} if sub.domains else {}
    source = call.env.panel.certificate_source
    return [host_item(sub, d, rows[d.certificate_id], source) for d in sub.domains
            if d.certificate_id is not None and d.certificate_id in rows]


def delete_ssl(ctx, call):
    sub = account(ctx, call)
    name = call.query.text("domain")
    if not name.strip():
        raise Failure("You must specify the “domain” parameter.")
    d = _site(sub, name)
    if not certificates.unassign(ctx, d):
        raise Failure(f"The domain “{d.ascii_name}” has no SSL certificate installed.")
    return None


def delete_cert(ctx, call):
    sub = account(ctx, call)
    wanted = call.query.text("id").strip()
    for r in certificates.list_(ctx, Pool(sub)):
        if r.cert_pem and cert_id(tls_material.describe(r.cert_pem)) == wanted:
            certificates.remove(ctx, r)
            return None
    raise Failure(f"The certificate “{wanted[:255]}” does not exist.")


def fetch_best_for_domain(ctx, call):
    sub = account(ctx, call)
    d = _site(sub, call.query.text("domain") or "")
    now = ctx.now()
    best = None
    for r in certificates.usable_for(ctx, d):
        if not r.cert_pem:
            continue
        described = tls_material.describe(r.cert_pem)
        if r.id == d.certificate_id:
            best = (r, described)
            break
        if tls_material.covers(described.names, d.ascii_name) and described.not_before <= now <= described.not_after:
            if best is None or described.not_after > best[1].not_after:
                best = (r, described)
    base = {"domain": d.ascii_name, "ip": _ip(sub), "user": sub.system_user}
    if best is None:
        return UapiResult({"crt": None, "key": None, "cab": None, **base, "status": 1, "statusmsg": "ok"},
                          messages=[f"No valid SSL certificate for “{d.ascii_name}” is in the account’s SSL storage."])
    row = best[0]
    return {"crt": row.cert_pem, "key": row.key_pem, "cab": row.ca_pem or None, **base, "status": 1, "statusmsg": "ok"}


# (module, function, handler, read-only) rows of the function tables (cpanel/functions.py)
UAPI = (
    ("SSL", "install_ssl", install_ssl, False),
    ("SSL", "list_certs", list_certs, True),
    ("SSL", "list_keys", list_keys, True),
    ("SSL", "installed_hosts", installed_hosts, True),
    ("SSL", "delete_ssl", delete_ssl, False),
    ("SSL", "delete_cert", delete_cert, False),
    ("SSL", "fetch_best_for_domain", fetch_best_for_domain, True),
)
API2 = (("SSL", "installssl", api2_installssl, False),)
