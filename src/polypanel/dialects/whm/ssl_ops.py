"""installssl and fetch_ssl_vhosts (core.certificates, through the cPanel side's installer).

``installssl`` installs on the domain's account as the account's own ``SSL::install_ssl`` does
(resellers: their accounts only). ``fetch_ssl_vhosts`` lists the sites serving an installed
certificate (a site without one serves a self-signed certificate made on disk, not listed).
"""
from __future__ import annotations

from polypanel.core import certificates, domains, hosting_accounts, tls_material
from polypanel.core.errors import NotFound

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


# (name, handler, WHM ACL, read-only) rows of the function table (whm/functions.py)
FUNCTIONS = (
    ("installssl", installssl, "ssl", False),
    ("fetch_ssl_vhosts", fetch_ssl_vhosts, "ssl-info", True),
)
