"""``plesk bin domalias``: domain aliases (core.domains, kind ``alias``), which serve the web, mail
and DNS of the site they belong to."""
from __future__ import annotations

from polypanel.core import cascade, domains, vocabulary
from polypanel.core.errors import Invalid, NotFound

from .base import Command, Run, Utility, created, removed, status_word, table, updated

OPTIONS = {
    "domain": "the site the alias belongs to (--create)",
    "web": "true: the alias serves the site's web pages (always on here)",
    "mail": "true: the alias receives the site's mail (always on here)",
    "dns": "true: the alias has the site's DNS zone (always on here)",
    "description": "description",
}


def _services(run: Run) -> None:
    for name in ("web", "mail", "dns"):
        if run.flag(name, True) is False:
            raise Invalid(name, f"an alias always serves {name} with its site here: -{name} false is not supported")


def _get(run: Run):
    d = domains.get(run.ctx, name=run.target)
    if d.kind not in vocabulary.ALIAS_KINDS:
        raise NotFound("alias", run.target, f"Unable to find domain alias '{run.target}'")
    return d


def create(run: Run) -> None:
    _services(run)
    parent = domains.get(run.ctx, name=run.required("domain"))
    d = domains.create(run.ctx, subscription=parent.subscription, name=run.target, kind="alias",
                       parent_name=parent.name, description=run.opt("description", ""))
    created(run, "domain alias", d.name)


def update(run: Run) -> None:
    _services(run)
    d = _get(run)
    domains.update(run.ctx, d, description=run.opt("description"))
    updated(run, "domain alias", d.name)


def delete(run: Run) -> None:
    d = _get(run)
    cascade.delete_domain(run.ctx, d)
    removed(run, d.name)


def info(run: Run) -> None:
    d = _get(run)
    table(run, [("Alias name", d.name), ("ASCII name", d.ascii_name), ("Domain name", d.parent.name if d.parent else ""),
                ("Status", status_word(d.status)), ("Web", "true"), ("Mail", "true"), ("DNS", "true"),
                ("GUID", d.guid), ("ID", d.id)])


def list_(run: Run) -> None:
    parent = domains.get(run.ctx, name=run.opt("domain")) if run.opt("domain") else None
    for d in domains.list_(run.ctx, kinds=vocabulary.ALIAS_KINDS):
        if parent is None or d.parent_id == parent.id:
            run.say(d.name)


def status(value: str):
    def handler(run: Run) -> None:
        d = _get(run)
        domains.update(run.ctx, d, status=value)
        updated(run, "domain alias", d.name)
    return handler


domalias = Utility("domalias", "domain alias", [
    Command("--create", create, "create an alias of -domain", ("-c",), "ALIAS", phrase="creation"),
    Command("--update", update, "change an alias", ("-u",), "ALIAS", phrase="update"),
    Command("--delete", delete, "remove an alias", ("-d", "--remove", "-r"), "ALIAS", phrase="removal"),
    Command("--info", info, "show an alias", ("-i",), "ALIAS", phrase="getting info"),
    Command("--list", list_, "list the aliases (of -domain)", ("-l",), None, phrase="listing"),
    Command("--on", status("active"), "activate an alias", (), "ALIAS", phrase="activation"),
    Command("--off", status("suspended"), "suspend an alias", (), "ALIAS", phrase="suspension"),
], OPTIONS)
