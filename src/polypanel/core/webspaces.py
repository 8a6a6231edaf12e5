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
from .errors import AlreadyExists, Forbidden, Invalid, LimitExceeded


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
    """The effective limit of a subscription (see ``effective_limit``)."""
    return effective_limit(key, sub.limits or {}, sub.plan.limits if sub.plan is not None else {},
                           [addon.limits or {} for addon in sub.addons])


def effective_limit(key: str, own: dict, plan: dict, addons) -> int:
    """The subscription's own value, else its plan's, plus what each add-on plan adds (as Plesk sums
    them); -1 (in any of them) is unlimited. Over plain values, for the ORM and the views alike."""
    if key in own:
        base = int(own[key])
    elif key in (plan or {}):
        base = int(plan[key])
    else:
        return -1
    if base < 0:
        return -1
    for extra in addons:
        if key in extra:
            if int(extra[key]) < 0:
                return -1
            base += int(extra[key])
    return base


def permitted(sub: Subscription, name: str) -> bool:
    """A permission of the subscription (Plesk's names, ``plans.PERMISSIONS``): its own value, else
    its plan's, else the default; an add-on plan that grants it grants it."""
    from .plans import PERMISSIONS

    if name in (sub.permissions or {}):
        value = bool(sub.permissions[name])
    elif sub.plan is not None and name in (sub.plan.permissions or {}):
        value = bool(sub.plan.permissions[name])
    else:
        value = PERMISSIONS.get(name, False)
    return value or any(bool((a.permissions or {}).get(name)) for a in sub.addons)


def require_permission(ctx: UnitOfWork, sub: Subscription, name: str, what: str) -> None:
    """A customer acts on its subscription only as far as the subscription's permissions go
    (the administrator and the reseller who set them are not bound by them)."""
    if ctx.principal.role == "customer" and not permitted(sub, name):
        raise Forbidden(f"The subscription {main_domain(sub).name} does not allow you to {what}")


def check_limit(ctx: UnitOfWork, sub: Subscription, key: str, current: int, what: str) -> None:
    n = limit(sub, key)
    if n >= 0 and current >= n:
        raise LimitExceeded(key, n, f"The subscription {main_domain(sub).name} may have at most {n} {what}")


# A webspace's preferences (Plesk's prefs and performance): name -> (type, bounds).
# ``stat_ttl`` and the ICP permit (a Chinese site's licence number, shown to no one here) are kept as
# records. An hourly limit of outgoing mail is refused: Postfix here has no policy service to count
# a domain's messages, so only "no limit of its own" (default, unlimited, -1) is accepted.
PREFS = {"www": (bool, None), "stat_ttl": (int, (0, 1000)), "bandwidth": (int, (-1, 10**9)),
         "max_connections": (int, (-1, 10**6)), "outgoing-messages-domain-limit": ("no-limit", None),
         "icp-status": (bool, None), "icp-permit": (str, 255)}
NO_LIMIT = ("default", "unlimited", "-1")
# Enforced by the web server: -1 is unlimited, 0 would shut the sites (nginx takes neither a zero
# rate nor a zero connection count as a limit), so a limit is at least 1.
PERFORMANCE = ("bandwidth", "max_connections")


def check_prefs(prefs: dict) -> dict:
    out = {}
    for name, value in (prefs or {}).items():
        if name not in PREFS:
            raise Invalid(f"prefs.{str(name)[:64]}", "is not a preference this panel knows")
        kind, bounds = PREFS[name]
        text = str(value).strip().lower()
        if kind is bool:
            if text not in ("true", "false"):
                raise Invalid(name, "must be true or false")
            out[name] = text == "true"
            continue
        if kind is str:
            value = str(value).strip()
            if len(value) > bounds or any(ord(c) < 32 or ord(c) == 127 for c in value):
                raise Invalid(name, f"must be at most {bounds} printable characters")
            out[name] = value
            continue
        if kind == "no-limit":
            if text not in NO_LIMIT:
                raise Invalid(name, "this server cannot limit the outgoing mail of a domain per hour (its Postfix "
                                    "has no policy service): only default, unlimited or -1")
            out[name] = text
            continue
        try:
            number = int(float(text)) if len(text) <= 24 else None
        except ValueError:
            number = None
        if number is None or not bounds[0] <= number <= bounds[1]:
            raise Invalid(name, f"must be a whole number from {bounds[0]} to {bounds[1]}")
        if name in PERFORMANCE and number == 0:
            raise Invalid(name, "must be -1 (unlimited) or at least 1")
        out[name] = number
    return out


def plan_performance(settings: dict | None) -> dict:
    """The ``performance`` block a plan keeps (a stored tree of Plesk's elements) as numbers."""
    tree = (settings or {}).get("performance") or ["performance", "", []]
    out = {}
    for tag, value, _kids in tree[2]:
        if tag in PERFORMANCE:
            try:
                out[tag] = int(float(value)) if len(value) <= 24 else -1
            except ValueError:
                out[tag] = -1
    return out


def performance(sub: Subscription, name: str) -> int:
    """A performance limit in effect: the subscription's own value, else its plan's; an add-on plan
    adds its own (-1 anywhere: unlimited), as limits add up."""
    own = sub.prefs or {}
    planned = plan_performance(sub.plan.settings) if sub.plan is not None else {}
    base = int(own[name]) if name in own else int(planned.get(name, -1))
    if base < 0:
        return -1
    for addon in sub.addons:
        extra = plan_performance(addon.settings).get(name)
        if extra is not None:
            if extra < 0:
                return -1
            base += extra
    return base


def locked(sub: Subscription) -> bool:
    """Plesk's "locked for syncing": the subscription has limits, permissions or performance of its
    own, so a change of its plan leaves it as it is."""
    return bool(sub.limits) or bool(sub.permissions) or any(k in (sub.prefs or {}) for k in PERFORMANCE)


def serves_www(sub: Subscription) -> bool:
    """Is the main domain also served as www.<domain> (Plesk's webspace pref ``www``)?"""
    return (sub.prefs or {}).get("www", True) is not False


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


def login_free(ctx: UnitOfWork, login: str) -> bool:
    try:
        check_ftp_login_free(ctx, login, "system user", "system_user")
    except (Invalid, AlreadyExists):
        return False
    return True
