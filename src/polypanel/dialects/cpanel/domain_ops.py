"""DomainInfo: list_domains, domains_data, single_domain_data."""
from __future__ import annotations

from polypanel.core import hosting_accounts, webspaces

from ..whm.wire import Failure

TYPES = {"main": "main_domain", "addon": "addon_domain", "subdomain": "sub_domain"}


def account(ctx, call):
    return hosting_accounts.own(ctx, call.extra.get("user"))


def _home(ctx, sub) -> str:
    return webspaces.home_dir(sub, ctx.settings.vhosts_root)


def domain_data(ctx, sub, d) -> dict:
    aliases = [a.ascii_name for a in sub.domains if a.kind in ("alias", "parked") and
               (a.parent_id == d.id or (a.parent_id is None and d.kind == "main"))]
    ip = sub.ip.address if sub.ip is not None else ""
    return {"domain": d.ascii_name, "type": TYPES.get(d.kind, "sub_domain"), "documentroot": d.document_root,
            "homedir": _home(ctx, sub), "ip": ip, "port": "80", "servername": d.ascii_name,
            "serveralias": " ".join([f"www.{d.ascii_name}"] + aliases + [f"www.{a}" for a in aliases]),
            "serveradmin": f"webmaster@{d.ascii_name}", "user": sub.system_user, "group": sub.system_user,
            "owner": "root", "status": "not redirected" if not d.forward_url else d.forward_url,
            "phpversion": str((d.php or {}).get("version", "")), "usecanonicalname": "Off"}


def list_domains(ctx, call):
    sub = account(ctx, call)
    main = hosting_accounts.main_domain(sub)
    return {"main_domain": main.ascii_name if main else "",
            "addon_domains": [d.ascii_name for d in sub.domains if d.kind == "addon"],
            "parked_domains": [d.ascii_name for d in sub.domains if d.kind in ("alias", "parked")],
            "sub_domains": [d.ascii_name for d in sub.domains if d.kind == "subdomain"]}


def domains_data(ctx, call):
    sub = account(ctx, call)
    sites = [d for d in sub.domains if d.kind in TYPES]
    fmt = call.query.text("format", default="hash").strip().lower()
    main = [domain_data(ctx, sub, d) for d in sites if d.kind == "main"]
    addon = [domain_data(ctx, sub, d) for d in sites if d.kind == "addon"]
    subs = [domain_data(ctx, sub, d) for d in sites if d.kind == "subdomain"]
    if fmt == "list":
        return main + addon + subs
    return {"main_domain": main[0] if main else {}, "addon_domains": addon, "sub_domains": subs,
            "parked_domains": [d.ascii_name for d in sub.domains if d.kind in ("alias", "parked")]}


def single_domain_data(ctx, call):
    name = call.query.text("domain").strip().lower()
    if not name:
        raise Failure("Domain must be passed as a parameter.")
    sub = account(ctx, call)
    for d in sub.domains:
        if d.ascii_name == name and d.kind in TYPES:
            return domain_data(ctx, sub, d)
    raise Failure(f"Unable to locate the domain: {name[:255]}")
