"""``plesk bin ftpsubaccount``: additional FTP accounts of a subscription (core.ftp)."""
from __future__ import annotations

from polypanel.core import domains, ftp

from .base import Command, Run, Utility, created, removed, table, updated

OPTIONS = {
    "domain": "the site whose subscription the account belongs to (--create, --list)",
    "passwd": "the password (empty: the PSA_PASSWORD environment variable)",
    "home": "the home directory, relative to the subscription's home (default /)",
    "quota": "the disk quota (e.g. 100M; -1 or unlimited)",
    "access_read": "true or false: may read", "access_write": "true or false: may write",
    "new_login": "a new login (--update)",
}


def create(run: Run) -> None:
    d = domains.get(run.ctx, name=run.required("domain"))
    user = ftp.create(run.ctx, subscription=d.subscription, login=run.target, password=run.password() or "",
                      home=run.opt("home", "/"), quota_mb=run.number("quota", -1),
                      can_read=run.flag("access_read", True), can_write=run.flag("access_write", True))
    created(run, "FTP account", user.login)


def update(run: Run) -> None:
    user = ftp.get(run.ctx, login=run.target)
    ftp.update(run.ctx, user, login=run.opt("new_login") or None, password=run.password(), home=run.opt("home"),
               quota_mb=run.number("quota"), can_read=run.flag("access_read"), can_write=run.flag("access_write"))
    updated(run, "FTP account", user.login)


def remove(run: Run) -> None:
    ftp.delete(run.ctx, ftp.get(run.ctx, login=run.target))
    removed(run, run.target)


def info(run: Run) -> None:
    user = ftp.get(run.ctx, login=run.target)
    table(run, [("Login", user.login), ("Home directory", user.home),
                ("Quota", "Unlimited" if user.quota_mb == -1 else f"{user.quota_mb}M"),
                ("Read permission", "true" if user.can_read else "false"),
                ("Write permission", "true" if user.can_write else "false"), ("ID", user.id)])


def list_(run: Run) -> None:
    sub_id = domains.get(run.ctx, name=run.opt("domain")).subscription_id if run.opt("domain") else None
    for user in ftp.list_(run.ctx, subscription_id=sub_id):
        run.say(user.login)


ftpsubaccount = Utility("ftpsubaccount", "FTP account", [
    Command("--create", create, "create an FTP account in the subscription of -domain", ("-c",), "LOGIN",
            phrase="creation"),
    Command("--update", update, "change an FTP account", ("-u",), "LOGIN", phrase="update"),
    Command("--remove", remove, "remove an FTP account", ("-r",), "LOGIN", phrase="removal"),
    Command("--info", info, "show an FTP account", ("-i",), "LOGIN", phrase="getting info"),
    Command("--list", list_, "list the FTP accounts (of the subscription of -domain)", ("-l",), None,
            phrase="listing"),
], OPTIONS)
