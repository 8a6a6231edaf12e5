"""Deletes that cascade, in one place: an account takes its customers and their subscriptions, a
subscription its domains, databases and FTP users, a main domain its subscription.

The services that own each object (``accounts``, ``subscriptions``, ``domains``, ``databases``)
know nothing of what is above them; only this module walks down the tree.
"""
from __future__ import annotations

from sqlalchemy import select

from polypanel.store.models import (Account, CustomButton, Database, DatabaseUser, Domain, DynamicDnsHost, FtpUser,
                                     Subscription)

from . import authorization, autossl, certificates, credentials, databases, domains, tenancy, vocabulary
from .unit_of_work import UnitOfWork
from .errors import Forbidden


def delete_account(ctx: UnitOfWork, acc: Account) -> None:
    """An account with everything it owns: its customers, their subscriptions, its credentials."""
    if not tenancy.may_manage_account(ctx.principal, acc):
        raise Forbidden("You may not delete this account")
    for child in list(ctx.session.scalars(select(Account).where(Account.owner_id == acc.id))):
        delete_account(ctx, child)
    for sub in list(ctx.session.scalars(select(Subscription).where(Subscription.owner_id == acc.id))):
        delete_subscription(ctx, sub, check=False)
    credentials.delete_all_for(ctx, acc)
    for button in list(ctx.session.scalars(select(CustomButton).where(CustomButton.owner_id == acc.id))):
        ctx.session.delete(button)
    ctx.audit(f"{acc.role}:delete", "account", acc.id, f"login={acc.login}")
    ctx.session.delete(acc)
    ctx.session.flush()


def delete_subscription(ctx: UnitOfWork, sub: Subscription, *, check: bool = True) -> None:
    """A subscription with its domains, certificates, databases, database users and FTP users."""
    if check:
        tenancy.require(ctx.principal, sub, "subscription", sub.id)
        authorization.require(ctx.principal, "subscriptions:delete", "Customers may not delete subscriptions")
    for host in list(ctx.session.scalars(select(DynamicDnsHost).where(DynamicDnsHost.subscription_id == sub.id))):
        ctx.session.delete(host)  # its records go with the zones below
    # Top-level domains only: deleting one deletes its subdomains and aliases with it.
    for d in sorted((d for d in sub.domains if d.parent_id is None), key=lambda d: d.kind == "main"):
        domains.delete_row(ctx, d)
    certificates.delete_pool(ctx, sub)
    autossl.delete_for(ctx, sub)
    for user in list(ctx.session.scalars(select(DatabaseUser).where(DatabaseUser.subscription_id == sub.id))):
        databases.delete_user(ctx, user)
    for db in list(ctx.session.scalars(select(Database).where(Database.subscription_id == sub.id))):
        databases.delete(ctx, db)
    for ftp in list(ctx.session.scalars(select(FtpUser).where(FtpUser.subscription_id == sub.id))):
        ctx.session.delete(ftp)
        ctx.enqueue(vocabulary.ftp())
    ctx.enqueue(vocabulary.ftp())
    ctx.audit("subscription:delete", "subscription", sub.id, sub.system_user)
    ctx.session.delete(sub)
    ctx.session.flush()


def delete_domain(ctx: UnitOfWork, d: Domain) -> None:
    """A domain; the main domain takes its subscription with it (as in Plesk)."""
    tenancy.require(ctx.principal, d.subscription, "domain", d.id)
    if d.kind == "main":
        delete_subscription(ctx, d.subscription)
        return
    domains.delete_row(ctx, d)
    ctx.audit("domain:delete", "domain", d.id, d.ascii_name)
