"""Mailboxes on a subscription's domains."""
from __future__ import annotations

from sqlalchemy import select

from polypanel.store.models import Domain, Mailbox, Subscription

from . import server_names, tenancy, validation, vocabulary, webspaces
from .unit_of_work import UnitOfWork
from .errors import AlreadyExists, Forbidden, Invalid, NotFound
from .password_hashes import crypt_sha512


# A principal logged in as one mail account (Webmail) carries "mailbox:<address>" among its scopes:
# it sees and changes that mailbox only.
MAILBOX_SCOPE = "mailbox:"
MAILBOX_ACTIONS = ("api:webmail", "mail:read", "mail:update", "subscriptions:read", "domains:read")


def mailbox_scopes(address: str) -> frozenset[str]:
    return frozenset(MAILBOX_ACTIONS + (MAILBOX_SCOPE + address.lower(),))


def mailbox_of(principal) -> str | None:
    """The mail account a principal is limited to, or None (the whole account)."""
    for scope in principal.scopes:
        if scope.startswith(MAILBOX_SCOPE):
            return scope[len(MAILBOX_SCOPE):]
    return None


def _visible(ctx: UnitOfWork):
    q = select(Mailbox).join(Domain, Mailbox.domain_id == Domain.id).join(Subscription, Domain.subscription_id == Subscription.id)
    only = mailbox_of(ctx.principal)
    if only is not None:
        local, _, domain = only.partition("@")
        q = q.where(Mailbox.local_part == local, Domain.ascii_name == domain)
    return tenancy.apply(q, tenancy.owner_filter(ctx.principal, Subscription.owner_id))


def list_(ctx: UnitOfWork, *, domain_id: int | None = None, subscription_id: int | None = None) -> list[Mailbox]:
    q = _visible(ctx)
    if domain_id is not None:
        q = q.where(Mailbox.domain_id == domain_id)
    if subscription_id is not None:
        q = q.where(Domain.subscription_id == subscription_id)
    return list(ctx.session.scalars(q.order_by(Mailbox.id)))


def get(ctx: UnitOfWork, *, address: str | None = None, id: int | None = None) -> Mailbox:
    q = _visible(ctx)
    if address is not None:
        local, _, domain = (address or "").partition("@")
        try:
            _, ascii_domain = validation.domain_name(domain)
        except Invalid:
            raise NotFound("mailbox", address) from None
        q = q.where(Mailbox.local_part == local.lower(), Domain.ascii_name == ascii_domain)
    else:
        q = q.where(Mailbox.id == id)
    mb = ctx.session.scalar(q)
    if mb is None:
        raise NotFound("mailbox", address or id, f"The mailbox {address or id} is not found")
    return mb


MAX_ALIASES = 100


def _taken(ctx: UnitOfWork, domain_id: int, local: str, own_id: int | None) -> bool:
    """Is ``local`` a mailbox or an alias of another mailbox on the domain?"""
    for mb in ctx.session.scalars(select(Mailbox).where(Mailbox.domain_id == domain_id)):
        if mb.id != own_id and (mb.local_part == local or local in (mb.aliases or [])):
            return True
    return False


def check_aliases(ctx: UnitOfWork, domain: Domain, local: str, aliases, own_id: int | None) -> list[str]:
    """Further names of a mailbox on its own domain (Plesk's mail aliases): each free on the domain."""
    out: list[str] = []
    for alias in aliases or []:
        alias = validation.mailbox_local_part(alias, "alias")
        if alias == local or alias in out:
            continue
        if _taken(ctx, domain.id, alias, own_id):
            raise AlreadyExists("mail alias", f"{alias}@{domain.ascii_name}",
                                f"The address {alias}@{domain.name} is in use already")
        if ctx.name_probe.foreign_mailbox(f"{alias}@{domain.ascii_name}"):
            raise server_names.not_managed("mailbox", f"{alias}@{domain.ascii_name}")
        out.append(alias)
    if len(out) > MAX_ALIASES:
        raise Invalid("alias", f"a mailbox may have at most {MAX_ALIASES} aliases")
    return out


def create(ctx: UnitOfWork, *, domain: Domain, name: str, password: str, quota_mb: int = -1,
           enabled: bool = True, forwards: list[str] | None = None, aliases: list[str] | None = None) -> Mailbox:
    tenancy.require(ctx.principal, domain.subscription, "domain", domain.id)
    if mailbox_of(ctx.principal) is not None:
        raise Forbidden("A mail account cannot create mail accounts")
    local = validation.mailbox_local_part(name)
    validation.password(password)
    if _taken(ctx, domain.id, local, None):
        raise AlreadyExists("mailbox", f"{local}@{domain.ascii_name}", f"The mailbox {local}@{domain.name} already exists")
    if ctx.name_probe.foreign_mailbox(f"{local}@{domain.ascii_name}"):
        raise server_names.not_managed("mailbox", f"{local}@{domain.ascii_name}")
    sub = domain.subscription
    webspaces.check_limit(ctx, sub, "max_mailboxes", webspaces.usage(ctx, sub)["mailboxes"], "mailboxes")
    forwards = [validation.email(f, "forwarding") for f in (forwards or [])]
    aliases = check_aliases(ctx, domain, local, aliases, None)
    mb = Mailbox(domain_id=domain.id, local_part=local, password_hash=crypt_sha512(password),
                 quota_mb=validation.quota(quota_mb), enabled=bool(enabled), forwards=forwards, aliases=aliases,
                 created_at=ctx.now())
    ctx.insert(mb, "mailbox", f"{local}@{domain.ascii_name}")
    mb.domain = domain
    ctx.enqueue(vocabulary.mail(domain.ascii_name))
    ctx.audit("mailbox:create", "mailbox", mb.id, f"{local}@{domain.ascii_name}")
    return mb


def update(ctx: UnitOfWork, mb: Mailbox, *, password: str | None = None, quota_mb: int | None = None,
           enabled: bool | None = None, forwards: list[str] | None = None,
           aliases: list[str] | None = None) -> Mailbox:
    _require(ctx, mb)
    if aliases is not None:
        mb.aliases = check_aliases(ctx, mb.domain, mb.local_part, aliases, mb.id)
    if password is not None:
        validation.password(password)
        mb.password_hash = crypt_sha512(password)
    if quota_mb is not None:
        mb.quota_mb = validation.quota(quota_mb)
    if enabled is not None:
        mb.enabled = bool(enabled)
    if forwards is not None:
        mb.forwards = [validation.email(f, "forwarding") for f in forwards]
    ctx.enqueue(vocabulary.mail(mb.domain.ascii_name))
    ctx.audit("mailbox:update", "mailbox", mb.id)
    return mb


def _require(ctx: UnitOfWork, mb: Mailbox) -> None:
    tenancy.require(ctx.principal, mb.domain.subscription, "mailbox", mb.id, f"The mailbox {mb.id} is not found")
    only = mailbox_of(ctx.principal)
    if only is not None and only != f"{mb.local_part}@{mb.domain.ascii_name}".lower():
        raise NotFound("mailbox", mb.id, f"The mailbox {mb.id} is not found")


def delete(ctx: UnitOfWork, mb: Mailbox) -> None:
    _require(ctx, mb)
    ctx.enqueue(vocabulary.mail(mb.domain.ascii_name))
    ctx.audit("mailbox:delete", "mailbox", mb.id)
    ctx.session.delete(mb)
    ctx.session.flush()
