"""``plesk bin subdomain``: subdomains of a site (core.domains, kind ``subdomain``)."""
from __future__ import annotations

from polypanel.core import cascade, domains
from polypanel.core.errors import NotFound

from .base import Command, Run, Utility, created, removed, status_word, table, updated
from .domain import www_root

OPTIONS = {
    "domain": "the site the subdomain belongs to (the subdomain may then be given as its first label)",
    "www-root": "the document root, relative to the subscription's home (e.g. /sub.example.com)",
    "description": "description",
}


def _name(run: Run) -> str:
    parent = run.opt("domain")
    name = run.target.strip().rstrip(".")
    if parent and not name.lower().endswith("." + parent.lower().rstrip(".")):
        name = f"{name}.{parent.rstrip('.')}"
    return name


def _get(run: Run):
    d = domains.get(run.ctx, name=_name(run))
    if d.kind != "subdomain":
        raise NotFound("subdomain", run.target, f"Unable to find subdomain '{_name(run)}'")
    return d


def create(run: Run) -> None:
    parent = domains.get(run.ctx, name=run.required("domain"))
    d = domains.create(run.ctx, subscription=parent.subscription, name=_name(run), kind="subdomain",
                       parent_name=parent.name, document_root_path=www_root(run, parent.subscription),
                       description=run.opt("description", ""))
    created(run, "subdomain", d.name)


def update(run: Run) -> None:
    d = _get(run)
    domains.update(run.ctx, d, document_root_path=www_root(run, d.subscription), description=run.opt("description"))
    updated(run, "subdomain", d.name)


def remove(run: Run) -> None:
    d = _get(run)
    cascade.delete_domain(run.ctx, d)
    removed(run, d.name)


def info(run: Run) -> None:
    d = _get(run)
    table(run, [("Subdomain name", d.name), ("Parent domain", d.parent.name if d.parent else ""),
                ("Status", status_word(d.status)), ("WWW root", d.document_root),
                ("Description", d.description), ("GUID", d.guid), ("ID", d.id)])


def list_(run: Run) -> None:
    parent = domains.get(run.ctx, name=run.opt("domain")) if run.opt("domain") else None
    for d in domains.list_(run.ctx, kinds=("subdomain",)):
        if parent is None or d.parent_id == parent.id:
            run.say(d.name)


subdomain = Utility("subdomain", "subdomain", [
    Command("--create", create, "create a subdomain of -domain", ("-c",), "NAME", phrase="creation"),
    Command("--update", update, "change a subdomain's document root or description", ("-u",), "NAME", phrase="update"),
    Command("--remove", remove, "remove a subdomain", ("-r",), "NAME", phrase="removal"),
    Command("--info", info, "show a subdomain", ("-i",), "NAME", phrase="getting info"),
    Command("--list", list_, "list the subdomains (of -domain)", ("-l",), None, phrase="listing"),
], OPTIONS)
