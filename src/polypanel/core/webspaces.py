"""What a subscription (a webspace) holds and may hold: its main domain, limits and usage,
its status, and the one namespace of system users and FTP logins.

Kept apart from ``subscriptions`` (which creates and changes subscriptions) so that the services
of the objects inside a subscription (domains, databases, mail, FTP) can ask these without
importing the service that creates them.
"""
from __future__ import annotations

from sqlalchemy import func, select

from polypanel.store.models import Database, DatabaseUser, Domain, FtpUser, Mailbox, Subscription

from . import accounts, server_names, vocabulary
from .unit_of_work import UnitOfWork
from .errors import AlreadyExists, Invalid, LimitExceeded


def main_domain(sub: Subscription) -> Domain:
    return next(d for d in sub.domains if d.kind == "main")


def home_dir(sub: Subscription, vhosts_root: str) -> str:
    """The webspace's home on disk: the folder under ``vhosts_root`` its main site lives in. Made
    from the main domain's name when the subscription is created; after the main domain is renamed
    the home stays where the files are (as on cPanel, where the home does not follow the domain)."""
    root = vhosts_root.rstrip("/")
    main = next((d for d in sub.domains if d.kind == "main"), None)
    docroot = (main.document_root or "") if main is not None else ""
    if docroot.startswith(root + "/"):
        first = docroot[len(root) + 1:].split("/", 1)[0]
        if first and first not in (".", ".."):
            return f"{root}/{first}"
    return f"{root}/{main.ascii_name if main is not None else sub.system_user}"


def limit(sub: Subscription, key: str) -> int:
    """The effective limit: the subscription's own value, else its plan's; -1 is unlimited."""
    if key in (sub.limits or {}):
        return int(sub.limits[key])
    if sub.plan is not None and key in (sub.plan.limits or {}):
        return int(sub.plan.limits[key])
    return -1


def check_limit(ctx: UnitOfWork, sub: Subscription, key: str, current: int, what: str) -> None:
    n = limit(sub, key)
    if n >= 0 and current >= n:
        raise LimitExceeded(key, n, f"The subscription {main_domain(sub).name} may have at most {n} {what}")


def effective_status(sub: Subscription) -> str:
    if sub.status != "active":
        return sub.status
    return accounts.effective_status(sub.owner)


def usage(ctx: UnitOfWork, sub: Subscription) -> dict[str, int]:
    doms = sub.domains
    return {
        "domains": sum(1 for d in doms if d.kind in vocabulary.WEBSPACE_KINDS),
        "subdomains": sum(1 for d in doms if d.kind == "subdomain"),
        "aliases": sum(1 for d in doms if d.kind in ("alias", "parked")),
        "mailboxes": ctx.session.scalar(select(func.count()).select_from(Mailbox).join(Domain).where(Domain.subscription_id == sub.id)),
        "databases": ctx.session.scalar(select(func.count()).select_from(Database).where(Database.subscription_id == sub.id)),
        "db_users": ctx.session.scalar(select(func.count()).select_from(DatabaseUser).where(DatabaseUser.subscription_id == sub.id)),
        "ftp_users": ctx.session.scalar(select(func.count()).select_from(FtpUser).where(FtpUser.subscription_id == sub.id)),
    }


def active_domain_count(subs: list[Subscription]) -> int:
    """Active main and add-on domains of active subscriptions (Plesk's "active domains")."""
    return sum(1 for s in subs if effective_status(s) == "active"
               for d in s.domains if d.kind in vocabulary.WEBSPACE_KINDS and d.status == "active")


def queue_apply(ctx: UnitOfWork, sub: Subscription) -> None:
    """Re-apply everything the subscription serves (after a status or owner change)."""
    for d in sub.domains:
        ctx.enqueue(vocabulary.web(d.ascii_name))


def ftp_login_taken(ctx: UnitOfWork, login: str) -> bool:
    """System users log in over FTP too: they share one namespace with FTP users."""
    return ctx.session.scalar(select(Subscription.id).where(Subscription.system_user == login)) is not None \
        or ctx.session.scalar(select(FtpUser.id).where(FtpUser.login == login)) is not None


def check_ftp_login_free(ctx: UnitOfWork, login: str, kind: str, field: str) -> None:
    """A new FTP login or system user: not reserved, not the panel's already, not a stranger's on the server."""
    server_names.check_system_login(login, field)
    if ftp_login_taken(ctx, login):
        raise AlreadyExists(kind, login, f"The {kind} '{login}' already exists")
    if ctx.name_probe.foreign_system_user(login):
        raise server_names.not_managed(kind, login)


def _login_free(ctx: UnitOfWork, login: str) -> bool:
    try:
        check_ftp_login_free(ctx, login, "system user", "system_user")
    except (Invalid, AlreadyExists):
        return False
    return True
