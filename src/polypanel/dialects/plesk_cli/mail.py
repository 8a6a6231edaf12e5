"""``plesk bin mail``: mailboxes (core.mail)."""
from __future__ import annotations

from polypanel.core import domains, mail
from polypanel.core.errors import Invalid

from .base import Command, Run, Utility, created, removed, status_word, table, updated

OPTIONS = {
    "passwd": "the mailbox's password (empty: the PSA_PASSWORD environment variable)",
    "mailbox": "true or false: the mailbox is on or off",
    "mbox_quota": "the mailbox size (e.g. 100M, 1G; -1 or unlimited)",
    "forwarding-addresses": "the addresses mail is forwarded to, comma separated (empty: none)",
    "domain": "list only the mailboxes of this domain (--list)",
}


def _address(run: Run) -> tuple[str, str]:
    local, at, domain = run.target.partition("@")
    if not at or not local or not domain:
        raise Invalid("name", f"'{run.target}' is not a mail address (name@domain)")
    return local, domain


def _forwards(run: Run) -> list[str] | None:
    if "forwarding-addresses" not in run.opts:
        return None
    return [a.strip() for a in run.opts["forwarding-addresses"].split(",") if a.strip()]


def create(run: Run) -> None:
    local, domain_name = _address(run)
    d = domains.get(run.ctx, name=domain_name)
    mb = mail.create(run.ctx, domain=d, name=local, password=run.password() or "",
                     quota_mb=run.number("mbox_quota", -1), enabled=run.flag("mailbox", True),
                     forwards=_forwards(run))
    created(run, "mail name", f"{mb.local_part}@{d.name}")


def update(run: Run) -> None:
    mb = mail.get(run.ctx, address=run.target)
    mail.update(run.ctx, mb, password=run.password(), quota_mb=run.number("mbox_quota"),
                enabled=run.flag("mailbox"), forwards=_forwards(run))
    updated(run, "mail name", f"{mb.local_part}@{mb.domain.name}")


def remove(run: Run) -> None:
    mb = mail.get(run.ctx, address=run.target)
    mail.delete(run.ctx, mb)
    removed(run, run.target)


def info(run: Run) -> None:
    mb = mail.get(run.ctx, address=run.target)
    table(run, [("Mailname", f"{mb.local_part}@{mb.domain.name}"), ("Mailbox", "true" if mb.enabled else "false"),
                ("Mbox quota", "Unlimited" if mb.quota_mb == -1 else f"{mb.quota_mb}M"),
                ("Forwarding", ", ".join(mb.forwards or [])), ("Domain status", status_word(mb.domain.status)),
                ("ID", mb.id)])


def list_(run: Run) -> None:
    domain_id = domains.get(run.ctx, name=run.opt("domain")).id if run.opt("domain") else None
    for mb in mail.list_(run.ctx, domain_id=domain_id):
        run.say(f"{mb.local_part}@{mb.domain.name}")


mail_utility = Utility("mail", "mail name", [
    Command("--create", create, "create a mailbox", ("-c",), "NAME@DOMAIN", phrase="creation"),
    Command("--update", update, "change a mailbox", ("-u",), "NAME@DOMAIN", phrase="update"),
    Command("--remove", remove, "remove a mailbox", ("-r",), "NAME@DOMAIN", phrase="removal"),
    Command("--info", info, "show a mailbox", ("-i",), "NAME@DOMAIN", phrase="getting info"),
    Command("--list", list_, "list the mailboxes (of -domain)", ("-l",), None, phrase="listing"),
], OPTIONS)
