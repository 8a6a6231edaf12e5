"""installssl, fetch_ssl_vhosts, fetchsslinfo and listcrts (core.certificates, through the cPanel side's installer).

``installssl`` installs on the domain's account as the account's own ``SSL::install_ssl`` does
(resellers: their accounts only). ``fetch_ssl_vhosts`` lists the sites serving an installed
certificate (a site without one serves a self-signed certificate made on disk, not listed).
``fetchsslinfo`` gives the certificate, key and CA bundle of a domain (or the key and bundle of a
given certificate) from the pools the caller may see; ``listcrts`` lists one SSL storage: the
named account's pool, or without ``user`` the caller's own (root's: the server pool).
"""
from __future__ import annotations

from polypanel.core import certificates, domains, hosting_accounts, tls_material
from polypanel.core.certificates import Pool
from polypanel.core.errors import Invalid, NotFound

from ..cpanel import ssl_ops
from .wire import Failure, Outcome


def installssl(ctx, call) -> Outcome:
    q = call.query
    name = q.text("domain").strip().lower().rstrip(".")
    if not name:
        raise Failure("No domain was specified.")
    try:
        d = domains.get(ctx, name=name)
    except NotFound:
        raise Failure(f"API failure: You do not have access to a domain named “{name[:255]}”.") from None
    report = ssl_ops.install(ctx, d.subscription, domain=name, cert=q.text("crt"), key=q.text("key"),
                             cab=q.text("cab") or q.text("cabundle"))
    data = {k: v for k, v in report.items() if k not in ("cert_id", "key_id")}
    return Outcome(data=data, reason=report["message"])


def fetch_ssl_vhosts(ctx, _call) -> Outcome:
    out = []
    for sub in hosting_accounts.list_(ctx):
        seller = hosting_accounts.reseller_of(sub)
        owner = seller.login if seller is not None and seller.role != "admin" else "root"
        rows = {r.id: r for r in certificates.usable_for(ctx, sub.domains[0])} if sub.domains else {}
        for d in sub.domains:
            row = rows.get(d.certificate_id) if d.certificate_id is not None else None
            if row is None:
                continue
            described = tls_material.describe(row.cert_pem)
            crt = {**ssl_ops.cert_item(row, described), "encryption_algorithm": described.key_algorithm,
                   "issuer_text": _text(described.issuer), "subject_text": _text(described.subject)}
            out.append({"crt": crt, "docroot": d.document_root, "ip": ssl_ops._ip(sub), "owner": owner,
                        "servername": d.ascii_name, "user": sub.system_user,
                        "domains": ssl_ops.site_names(sub, d)})
    return Outcome(data={"vhosts": out})


def _text(name: dict) -> str:
    return "\n".join(f"{k}\n{v}" for k, v in name.items())


def fetchsslinfo(ctx, call) -> Outcome:
    q = call.query
    name, crtdata = q.text("domain").strip().lower().rstrip("."), q.text("crtdata").strip()
    if not name and not crtdata:
        raise Failure("No certificate data or domain supplied.")
    if name:
        try:
            d = domains.get(ctx, name=name[:255])
        except NotFound:
            raise Failure(f"Unable to fetch SSL info for domain: {name[:255]}") from None
        sub = d.subscription
        base = {"domain": d.ascii_name, "ip": ssl_ops._ip(sub), "user": sub.system_user}
        row = d.certificate if d.certificate_id is not None else None
        if row is None or not row.cert_pem:
            return Outcome(data={"crt": None, "key": None, "cab": None, **base},
                           messages=[f"The domain “{d.ascii_name}” has no SSL certificate installed."])
        return Outcome(data={"crt": row.cert_pem, "key": row.key_pem, "cab": row.ca_pem or None, **base})
    try:
        described = tls_material.describe(ssl_ops._leaf_only(crtdata))
        wanted = tls_material.public_key_sha256(ssl_ops._leaf_only(crtdata))
    except (Invalid, ValueError):
        raise Failure("Unable to fetch SSL info for the provided certificate") from None
    rows = certificates.list_(ctx)
    match = next((r for r in rows if tls_material.describe_key(r.key_pem).spki_sha256 == wanted), None)
    same = next((r for r in rows if r.cert_pem and tls_material.public_key_sha256(r.cert_pem) == wanted and r.ca_pem), None)
    owner = match.subscription if match is not None else None
    data = {"crt": crtdata, "key": match.key_pem if match is not None else None,
            "cab": same.ca_pem if same is not None else None, "domain": described.subject_cn or (described.names or [""])[0],
            "ip": ssl_ops._ip(owner) if owner is not None else None,
            "user": owner.system_user if owner is not None else ("root" if match is not None else None)}
    messages = None if match is not None else ["The system did not find a private key for this certificate."]
    return Outcome(data=data, messages=messages)


def listcrts(ctx, call) -> Outcome:
    user = call.query.text("user").strip()
    p = ctx.principal
    if user and not (p.is_admin and user.lower() == "root"):
        try:
            sub = hosting_accounts.find(ctx, user)
        except NotFound:
            raise Failure(f"You do not own a user “{user[:64]}”.") from None
        pool = Pool(sub)
    elif p.is_admin:
        pool = Pool(None)
    else:
        subs = [s for s in hosting_accounts.list_(ctx) if s.system_user == (p.login or "").lower()]
        if not subs:
            return Outcome(data={"crt": []})
        pool = Pool(subs[0])
    registered_only = call.query.flag("registered")
    out = []
    for row in certificates.list_(ctx, pool):
        if not row.cert_pem:
            continue
        d = tls_material.describe(row.cert_pem)
        owners = [_owner(ctx, n, pool) for n in d.names[:100]]
        registered = int(bool(owners and owners[0]))
        if registered_only and not registered:
            continue
        out.append({"domain": d.subject_cn or (d.names[0] if d.names else ""), "domains": list(d.names),
                    "domain_owners": owners, "id": ssl_ops.cert_id(d), "friendly_name": row.name,
                    "issuer.organizationName": d.issuer_org, "is_self_signed": int(d.self_signed),
                    "not_after": ssl_ops.epoch(d.not_after), "registered": registered,
                    "key_algorithm": d.key_algorithm, "modulus_length": d.key_bits if d.modulus else None,
                    "ecdsa_curve_name": d.curve})
    return Outcome(data={"crt": out})


def _owner(ctx, name: str, pool: Pool) -> str | None:
    if name.startswith("*."):
        return None
    try:
        d = domains.get(ctx, name=name)
    except NotFound:
        return None
    if pool.subscription is not None and d.subscription_id != pool.subscription.id:
        return None
    return d.subscription.system_user


# (name, handler, WHM ACL, read-only) rows of the function table (whm/functions.py)
FUNCTIONS = (
    ("installssl", installssl, "ssl", False),
    ("fetch_ssl_vhosts", fetch_ssl_vhosts, "ssl-info", True),
    ("fetchsslinfo", fetchsslinfo, "ssl", True),
    ("listcrts", listcrts, "ssl-info", True),
)
