"""The objects inside subscriptions (DNS zones, databases, mailboxes, FTP users) as plain values with
the login of the account that holds them: one SQL statement per list (tenancy applied in the
statement, statement cached per caller role), no ORM objects and no lazy loads (see ``hosting_views``).
Lists use these; changes go through ``dns``, ``databases``, ``mail`` and ``ftp``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import bindparam, select

from polypanel.store.models import Account, Database, DnsZone, Domain, FtpUser, Mailbox, Subscription

from . import fast_reads, tenancy
from .unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class ZoneView:
    id: int
    name: str
    status: str
    domain_id: int | None
    owner_login: str


@dataclass(frozen=True, slots=True)
class DatabaseView:
    id: int
    name: str
    type: str
    server_id: int
    subscription_id: int
    owner_login: str


@dataclass(frozen=True, slots=True)
class MailboxView:
    id: int
    local_part: str
    domain_id: int
    domain: str  # the domain's ASCII name
    quota_mb: int
    enabled: bool
    forwards: list
    owner_login: str

    @property
    def address(self) -> str:
        return f"{self.local_part}@{self.domain}"


@dataclass(frozen=True, slots=True)
class FtpUserView:
    id: int
    login: str
    home: str
    quota_mb: int
    subscription_id: int
    owner_login: str


def _owned(query, role: str):
    """``query`` (joined to Subscription) with the owner's login and what ``role`` may see."""
    query = query.add_columns(Account.login).join(Account, Account.id == Subscription.owner_id)
    clause = tenancy.owner_filter_for(role, Subscription.owner_id, bindparam("me"))
    return query if clause is None else query.where(clause)


@cache
def _statement(kind: str, role: str):
    if kind == "zones":  # as dns.visible_zones: the zones of visible domains
        query = (select(DnsZone.id, DnsZone.name, DnsZone.status, DnsZone.domain_id)
                 .join(Domain, DnsZone.domain_id == Domain.id)
                 .join(Subscription, Domain.subscription_id == Subscription.id))
        order = DnsZone.id
    elif kind == "databases":
        query = (select(Database.id, Database.name, Database.type, Database.server_id, Database.subscription_id)
                 .join(Subscription, Database.subscription_id == Subscription.id))
        order = Database.id
    elif kind == "mailboxes":
        query = (select(Mailbox.id, Mailbox.local_part, Mailbox.domain_id, Domain.ascii_name, Mailbox.quota_mb,
                        Mailbox.enabled, Mailbox.forwards)
                 .join(Domain, Mailbox.domain_id == Domain.id)
                 .join(Subscription, Domain.subscription_id == Subscription.id))
        order = Mailbox.id
    elif kind == "ftp_users":
        query = (select(FtpUser.id, FtpUser.login, FtpUser.home, FtpUser.quota_mb, FtpUser.subscription_id)
                 .join(Subscription, FtpUser.subscription_id == Subscription.id))
        order = FtpUser.id
    else:
        raise ValueError(kind)
    return _owned(query, role).order_by(order)


def _rows(ctx: UnitOfWork, kind: str) -> list[tuple]:
    p = ctx.principal
    return fast_reads.rows(ctx.connection(), _statement(kind, p.role), {"me": p.account_id})


def zones(ctx: UnitOfWork) -> list[ZoneView]:
    """The DNS zones of the domains the caller may see, by id (``dns.list_zones``)."""
    return [ZoneView(*r) for r in _rows(ctx, "zones")]


def databases(ctx: UnitOfWork) -> list[DatabaseView]:
    """The databases the caller may see, by id (``databases.list_``)."""
    return [DatabaseView(*r) for r in _rows(ctx, "databases")]


def mailboxes(ctx: UnitOfWork) -> list[MailboxView]:
    """The mailboxes the caller may see, by id (``mail.list_``)."""
    return [MailboxView(*r[:5], bool(r[5]), r[6] or [], r[7]) for r in _rows(ctx, "mailboxes")]


def ftp_users(ctx: UnitOfWork) -> list[FtpUserView]:
    """The FTP users the caller may see, by id (``ftp.list_``)."""
    return [FtpUserView(*r) for r in _rows(ctx, "ftp_users")]


def mailbox_of(mb: Mailbox) -> MailboxView:
    """The view of a mailbox already loaded as an ORM row (one object's form)."""
    return MailboxView(mb.id, mb.local_part, mb.domain_id, mb.domain.ascii_name, mb.quota_mb, bool(mb.enabled),
                       mb.forwards or [], mb.domain.subscription.owner.login)
