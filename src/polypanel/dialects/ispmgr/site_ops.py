"""Web domains (``webdomain``; ISPmanager 4's ``wwwdomain`` answers the same) and ``site.edit``.

A user's first web domain opens its hosting (a core subscription); later ones are add-on domains
of it. Every door shows the same sites: these are the Plesk API's domains and WHM's accounts.
"""
from __future__ import annotations

from polypanel.core import accounts, cascade, domains, hosting_views, subscriptions
from polypanel.core.errors import Invalid

from .form import elids, is_on
from .wire import Form, Node, Ok, Rows, on_off

SITE_KINDS = ("main", "addon", "subdomain")


def _row(d: hosting_views.DomainView) -> dict:
    active = d.status == "active" and d.subscription_status == "active"
    php = d.php_enabled
    return {"id": d.id, "name": d.ascii_name, "displayname": d.name, "owner": d.owner_login,
            "docroot": d.document_root, "ipaddr": d.ip_address or "", "active": on_off(active),
            "php": on_off(php), "php_mode": "php_mode_fcgi_nginxfpm" if php else "php_mode_none",
            "php_version": "native" if php else "",
            "handler": "PHP-FPM" if php else "", "analyzer": "off", "secure": "off",
            "database": Node("database", "Not used", {"orig": "db_not_assigned"}),
            "disabled": None if active else True}


def webdomain_list(ctx, _call):
    """Sites only: a mail domain without a web site (no hosting) is listed by ``emaildomain``."""
    return Rows([_row(d) for d in hosting_views.domains(ctx, kinds=SITE_KINDS) if d.hosting_type != "none"])


def _form(d) -> Form:
    row = _row(hosting_views.domain_of(d))
    aliases = " ".join(a.ascii_name for a in d.subscription.domains if a.parent_id == d.id and a.kind in ("alias", "parked"))
    return Form({"elid": d.ascii_name, "name": d.ascii_name, "owner": row["owner"], "home": d.document_root,
                 "ipaddrs": row["ipaddr"], "aliases": aliases, "php": row["php"], "active": row["active"]})


def create_site(ctx, name: str, owner: str | None) -> Ok:
    name = (name or "").strip().rstrip(".")
    if not name:
        raise Invalid("name", "is required")
    p = ctx.principal
    owner_acc = accounts.get(ctx, login=owner) if owner else accounts.get(ctx, id=p.account_id)
    mail_only = [d for d in domains.list_(ctx, name=name, owner_id=owner_acc.id) if d.hosting_type == "none"]
    if mail_only:  # the user's mail domain gets its web site
        domains.update(ctx, mail_only[0], hosting_type="virtual")
        return Ok(id=mail_only[0].ascii_name)
    subs = subscriptions.list_(ctx, owner_id=owner_acc.id)
    if subs:
        d = domains.create(ctx, subscription=subs[0], name=name, kind="addon")
    else:
        if owner_acc.role != "customer":
            raise Invalid("owner_login", "the owner of a web domain must be a user")
        sub = subscriptions.create(ctx, domain=name, owner_id=owner_acc.id)
        d = sub.domains[0]
    return Ok(id=d.ascii_name)


def update_site(ctx, d, f: dict) -> Ok:
    php = None
    if "php" in f or "php_enable" in f:
        php = {"enabled": is_on(f.get("php", f.get("php_enable")))}
    domains.update(ctx, d, php=php)
    return Ok(id=d.ascii_name)


def webdomain_edit(ctx, call):
    f = call.query
    elid = (f.get("elid") or "").strip()
    if not f.get("sok"):
        if not elid:
            return Form({"name": "", "owner": "", "home": "", "aliases": "", "php": "on"})
        return _form(domains.get(ctx, name=elid))
    if elid:
        return update_site(ctx, domains.get(ctx, name=elid), f)
    return create_site(ctx, f.get("name") or "", (f.get("owner") or "").strip() or None)


def site_edit(ctx, call):
    """ISPmanager 6's site form: the same fields with ``site_`` in front."""
    f = call.query
    elid = (f.get("elid") or "").strip()
    if not f.get("sok"):
        if not elid:
            return Form({"site_name": "", "site_owner": "", "site_home": "", "site_php": "on"})
        form = _form(domains.get(ctx, name=elid))
        return Form({("site_" + k if k != "elid" else k): v for k, v in form.fields.items()})
    plain = {k[5:]: v for k, v in f.items() if k.startswith("site_")}
    if elid:
        return update_site(ctx, domains.get(ctx, name=elid), plain)
    return create_site(ctx, plain.get("name") or "", (plain.get("owner") or "").strip() or None)


def _group(action: str):
    def handler(ctx, call):
        names = elids(call.query.get("elid"))
        if not names:
            raise Invalid("elid", "is required")
        for name in names:
            d = domains.get(ctx, name=name)
            if action == "delete":
                cascade.delete_domain(ctx, d)
            else:
                subscriptions.set_domain_status(ctx, d, "suspended" if action == "suspend" else "active")
        return Ok()
    return handler


OPERATIONS = {
    "webdomain": (webdomain_list, True), "wwwdomain": (webdomain_list, True),
    "webdomain.edit": (webdomain_edit, False), "wwwdomain.edit": (webdomain_edit, False),
    "site.edit": (site_edit, False),
}
for _action in ("delete", "suspend", "resume"):
    OPERATIONS[f"webdomain.{_action}"] = OPERATIONS[f"wwwdomain.{_action}"] = (_group(_action), False)

DESCRIPTIONS = {
    "webdomain": ("Web domains (list)", "WWW-домены"),
    "wwwdomain": ("Web domains (list; ISPmanager 4 name)", "WWW-домены"),
    "webdomain.edit": ("Web domain: elid; name, owner, php; sok", "WWW-домен"),
    "webdomain.delete": ("Delete web domains: elid", "Удалить WWW-домены"),
    "webdomain.suspend": ("Suspend web domains: elid", "Выключить WWW-домены"),
    "webdomain.resume": ("Resume web domains: elid", "Включить WWW-домены"),
    "site.edit": ("Site: elid; site_name, site_owner, site_php; sok", "Сайт"),
}
