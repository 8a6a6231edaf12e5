"""``plesk bin domain`` and ``plesk bin site``: sites over core.domains, core.subscriptions, core.cascade.

``domain --create`` makes a subscription (or, with ``-webspace-name``, an add-on site in one);
``site --create`` always adds a site to an existing subscription (``-webspace-name``).
"""
from __future__ import annotations

from polypanel.core import cascade, domains, subscriptions, vocabulary, webspaces
from polypanel.core.errors import Invalid, NotFound

from .certificate import serve_certificate
from .base import Command, Run, Utility, created, removed, status_word, table, updated

COMMON = {
    "webspace-name": "the subscription a site is added to",
    "www-root": "the document root, relative to the subscription's home (e.g. /site1)",
    "hosting": "true (default) or false: with or without web hosting",
    "description": "description",
    "certificate-name": "--update: the certificate (of the subscription's pool) the site serves; empty: its self-signed one",
}
DOMAIN_OPTIONS = {
    **COMMON,
    "owner": "the owner's login (a new subscription)",
    "ip": "the IP address (a new subscription)",
    "login": "the system (FTP) user (a new subscription)",
    "passwd": "its password (empty: the PSA_PASSWORD environment variable)",
    "service-plan": "the service plan (a new subscription)",
}


def _hosting(run: Run) -> str:
    return "virtual" if run.flag("hosting", True) else "none"


def _site(run: Run):
    d = domains.get(run.ctx, name=run.target)
    if d.kind not in vocabulary.SITE_KINDS:
        raise NotFound("domain", run.target, f"Unable to find site '{run.target}': it is an alias")
    return d


def www_root(run: Run, sub) -> str | None:
    """``-www-root`` (relative to the subscription's home, as in Plesk) as a path inside that home."""
    rel = run.opt("www-root")
    if not rel:
        return None
    parts = [p for p in rel.strip().split("/") if p not in ("", ".")]
    if not parts or ".." in parts or any("\x00" in p for p in parts):
        raise Invalid("www-root", "must be a path inside the subscription's home, without '..'")
    home = webspaces.home_dir(sub, run.ctx.settings.vhosts_root)
    return "/".join([home, *parts])


def _add_site(run: Run):
    sub = subscriptions.get(run.ctx, name=run.required("webspace-name"))
    return domains.create(run.ctx, subscription=sub, name=run.target, kind="addon", hosting_type=_hosting(run),
                          document_root_path=www_root(run, sub), description=run.opt("description", ""))


def domain_create(run: Run) -> None:
    if run.opt("webspace-name"):
        d = _add_site(run)
    else:
        sub = subscriptions.create(run.ctx, domain=run.target, owner_login=run.opt("owner") or None,
                                   plan_name=run.opt("service-plan") or None, system_user=run.opt("login") or None,
                                   password=run.password(), ip_address=run.opt("ip") or None,
                                   hosting_type=_hosting(run), description=run.opt("description", ""))
        d = webspaces.main_domain(sub)
        if run.opt("www-root"):
            domains.update(run.ctx, d, document_root_path=www_root(run, sub))
    created(run, "domain", d.name)


def site_create(run: Run) -> None:
    created(run, "domain", _add_site(run).name)


def update(noun: str):
    def handler(run: Run) -> None:
        d = _site(run)
        hosting = None if "hosting" not in run.opts else _hosting(run)
        domains.update(run.ctx, d, hosting_type=hosting, description=run.opt("description"),
                       document_root_path=www_root(run, d.subscription))
        if "certificate-name" in run.opts:
            serve_certificate(run, d, run.opts["certificate-name"])
        updated(run, noun, d.name)
    return handler


def remove(run: Run) -> None:
    cascade.delete_domain(run.ctx, _site(run))
    removed(run, run.target)


def info(run: Run) -> None:
    d = _site(run)
    sub = d.subscription
    table(run, [("Domain name", d.name), ("ASCII name", d.ascii_name), ("Kind", d.kind),
                ("Subscription", webspaces.main_domain(sub).name),
                ("Owner's contact name", f"{sub.owner.name} ({sub.owner.login})"),
                ("Domain status", status_word(d.status)), ("Hosting type", d.hosting_type),
                ("WWW root", d.document_root), ("Creation date", d.created_at.date().isoformat()),
                ("Description", d.description), ("GUID", d.guid), ("ID", d.id)])


def list_(kinds):
    def handler(run: Run) -> None:
        sub_id = None
        if run.opt("webspace-name"):
            sub_id = subscriptions.get(run.ctx, name=run.opt("webspace-name")).id
        for d in domains.list_(run.ctx, kinds=kinds, subscription_id=sub_id):
            run.say(d.name)
    return handler


def status(noun: str, value: str):
    def handler(run: Run) -> None:
        d = _site(run)
        subscriptions.set_domain_status(run.ctx, d, value)  # a main domain's status is its subscription's
        updated(run, noun, d.name)
    return handler


def _commands(noun: str, create_handler, kinds) -> list[Command]:
    return [
        Command("--create", create_handler, f"create a {noun}", ("-c",), "NAME", phrase="creation"),
        Command("--update", update(noun), f"change a {noun}'s hosting, document root or description", ("-u",), "NAME",
                phrase="update"),
        Command("--remove", remove, f"remove a {noun} (a subscription's main domain: the subscription)", ("-r",),
                "NAME", phrase="removal"),
        Command("--info", info, f"show a {noun}", ("-i",), "NAME", phrase="getting info"),
        Command("--list", list_(kinds), f"list the {noun}s (of -webspace-name)", ("-l",), None, phrase="listing"),
        Command("--on", status(noun, "active"), f"activate a {noun}", (), "NAME", phrase="activation"),
        Command("--off", status(noun, "suspended"), f"suspend a {noun}", (), "NAME", phrase="suspension"),
    ]


domain = Utility("domain", "domain", _commands("domain", domain_create, vocabulary.SITE_KINDS), DOMAIN_OPTIONS)
site = Utility("site", "site", _commands("site", site_create, vocabulary.WEBSPACE_KINDS), COMMON)
