"""The database schema: one table per concept of the hosting model and of credentials.

Every hosting object has an integer ``id`` (Plesk-style, stable, never reused in
practice) and a ``guid``. Rules live in ``polypanel.core``; this module only
describes shapes and uniqueness.
"""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Index,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def new_guid() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    pass


class GuidMixin:
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True, default=new_guid)


class Account(GuidMixin, Base):
    """An administrator, reseller or customer."""

    __tablename__ = "accounts"
    login: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # admin | reseller | customer
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    company: Mapped[str] = mapped_column(String(255), default="")
    email: Mapped[str] = mapped_column(String(255), default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    address: Mapped[str] = mapped_column(String(255), default="")
    city: Mapped[str] = mapped_column(String(128), default="")
    state: Mapped[str] = mapped_column(String(128), default="")
    postal_code: Mapped[str] = mapped_column(String(32), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    locale: Mapped[str] = mapped_column(String(16), default="en-US")
    description: Mapped[str] = mapped_column(Text, default="")
    external_id: Mapped[str] = mapped_column(String(255), default="")
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | suspended
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    permissions: Mapped[dict] = mapped_column(JSON, default=dict)
    limits: Mapped[dict] = mapped_column(JSON, default=dict)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", use_alter=True))
    created_at: Mapped[datetime] = mapped_column(DateTime)

    owner: Mapped[Account | None] = relationship(remote_side="Account.id", foreign_keys=[owner_id])


class Plan(GuidMixin, Base):
    """A Plesk service plan, a cPanel package, an ISPmanager preset."""

    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("owner_id", "name"),)
    name: Mapped[str] = mapped_column(String(255))
    owner_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    kind: Mapped[str] = mapped_column(String(16), default="hosting")  # hosting | reseller
    limits: Mapped[dict] = mapped_column(JSON, default=dict)
    hosting: Mapped[dict] = mapped_column(JSON, default=dict)
    external_id: Mapped[str] = mapped_column(String(255), default="")
    permissions: Mapped[dict] = mapped_column(JSON, default=dict)  # Plesk permission name -> bool
    settings: Mapped[dict] = mapped_column(JSON, default=dict)  # Plesk plan blocks: mail, log-rotation, ...
    created_at: Mapped[datetime] = mapped_column(DateTime)


class IpAddress(GuidMixin, Base):
    __tablename__ = "ip_addresses"
    address: Mapped[str] = mapped_column(String(64), unique=True)
    netmask: Mapped[str] = mapped_column(String(64), default="255.255.255.0")
    interface: Mapped[str] = mapped_column(String(32), default="lo")
    type: Mapped[str] = mapped_column(String(16), default="shared")  # shared | exclusive
    public_address: Mapped[str] = mapped_column(String(64), default="")


class Subscription(GuidMixin, Base):
    """A Plesk webspace, a cPanel account, an ISPmanager user's hosting."""

    __tablename__ = "subscriptions"
    owner_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"))
    system_user: Mapped[str] = mapped_column(String(32), unique=True)
    system_password_hash: Mapped[str] = mapped_column(String(255), default="")
    ip_id: Mapped[int | None] = mapped_column(ForeignKey("ip_addresses.id"))
    status: Mapped[str] = mapped_column(String(16), default="active")
    limits: Mapped[dict] = mapped_column(JSON, default=dict)
    external_id: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    suspend_reason: Mapped[str] = mapped_column(Text, default="")  # why it was suspended (cPanel's "reason")
    suspended_at: Mapped[datetime | None] = mapped_column(DateTime)
    permissions: Mapped[dict] = mapped_column(JSON, default=dict)  # overrides of the plan's (Plesk names)
    prefs: Mapped[dict] = mapped_column(JSON, default=dict)  # Plesk webspace prefs and performance

    owner: Mapped[Account] = relationship(foreign_keys=[owner_id])
    plan: Mapped[Plan | None] = relationship()
    addons: Mapped[list[Plan]] = relationship(secondary="subscription_addons", order_by="Plan.id")
    ip: Mapped[IpAddress | None] = relationship()
    domains: Mapped[list[Domain]] = relationship(back_populates="subscription", order_by="Domain.id")


class Domain(GuidMixin, Base):
    """A site name: the main domain of a subscription, an add-on, a subdomain, an alias or a parked name."""

    __tablename__ = "domains"
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))  # Unicode
    ascii_name: Mapped[str] = mapped_column(String(255), unique=True)  # IDNA
    kind: Mapped[str] = mapped_column(String(16))  # main | addon | subdomain | alias | parked
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("domains.id"), index=True)
    hosting_type: Mapped[str] = mapped_column(String(32), default="virtual")
    forward_url: Mapped[str] = mapped_column(String(1024), default="")
    document_root: Mapped[str] = mapped_column(String(1024), default="")
    php: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | suspended | disabled
    description: Mapped[str] = mapped_column(Text, default="")
    external_id: Mapped[str] = mapped_column(String(255), default="")
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id", use_alter=True, name="fk_domains_certificate_id"))
    provision_status: Mapped[str] = mapped_column(String(16), default="ok")  # ok | pending | error
    provision_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    subscription: Mapped[Subscription] = relationship(back_populates="domains")
    parent: Mapped[Domain | None] = relationship(remote_side="Domain.id")
    certificate: Mapped[Certificate | None] = relationship(foreign_keys=[certificate_id])


class Certificate(GuidMixin, Base):
    """A TLS certificate in a subscription's pool (or, with no subscription, the administrator's
    server pool), served on the domains that name it (``Domain.certificate_id``). ``key_pem`` is the
    private key in clear: nginx needs it, so it cannot be kept as a hash like the panel's other
    secrets; it is shown to no one but its pool's owners and written to disk with mode 0600."""

    __tablename__ = "certificates"
    __table_args__ = (UniqueConstraint("subscription_id", "name"),)
    subscription_id: Mapped[int | None] = mapped_column(ForeignKey("subscriptions.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    cert_pem: Mapped[str] = mapped_column(Text, default="")
    key_pem: Mapped[str] = mapped_column(Text, default="")
    ca_pem: Mapped[str] = mapped_column(Text, default="")
    csr_pem: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    subscription: Mapped[Subscription | None] = relationship()


class DnsZone(GuidMixin, Base):
    __tablename__ = "dns_zones"
    name: Mapped[str] = mapped_column(String(255), unique=True)  # ASCII, no trailing dot
    domain_id: Mapped[int | None] = mapped_column(ForeignKey("domains.id"), index=True)
    serial: Mapped[int] = mapped_column(Integer)
    refresh: Mapped[int] = mapped_column(Integer, default=10800)
    retry: Mapped[int] = mapped_column(Integer, default=3600)
    expire: Mapped[int] = mapped_column(Integer, default=604800)
    minimum: Mapped[int] = mapped_column(Integer, default=10800)
    ttl: Mapped[int] = mapped_column(Integer, default=86400)
    primary_ns: Mapped[str] = mapped_column(String(255), default="")
    admin_email: Mapped[str] = mapped_column(String(255), default="")
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    domain: Mapped[Domain | None] = relationship()
    records: Mapped[list[DnsRecord]] = relationship(
        back_populates="zone", order_by="DnsRecord.id", cascade="all, delete-orphan"
    )


class DnsRecord(Base):
    __tablename__ = "dns_records"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("dns_zones.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))  # absolute, ASCII, lower case, no trailing dot
    type: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(Text)  # target / address / text, no priority
    opt: Mapped[str] = mapped_column(String(255), default="")  # MX priority, SRV "prio weight port", ...
    ttl: Mapped[int | None] = mapped_column(Integer)

    zone: Mapped[DnsZone] = relationship(back_populates="records")


class DnsTemplateRecord(Base):
    """A record of the server-wide DNS template applied to every new zone.

    ``host`` and ``value`` may hold the placeholders ``<domain>`` and ``<ip>`` (as in Plesk's
    template); hosts are absolute (``www.<domain>``)."""

    __tablename__ = "dns_template_records"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    type: Mapped[str] = mapped_column(String(16))
    host: Mapped[str] = mapped_column(String(255))
    value: Mapped[str] = mapped_column(Text)
    opt: Mapped[str] = mapped_column(String(255), default="")
    ttl: Mapped[int | None] = mapped_column(Integer)


class DynamicDnsHost(Base):
    """A dynamic DNS name of a subscription (cPanel's DynamicDNS): whoever calls its secret
    ``/cpanelwebcall/<id>`` URL sets the A/AAAA records of ``domain`` in the subscription's zone."""

    __tablename__ = "dynamic_dns_hosts"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # 32 lower-case letters: the secret
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id"), index=True)
    domain: Mapped[str] = mapped_column(String(255), unique=True)  # ASCII, below one of the subscription's domains
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_update_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_run_times: Mapped[list] = mapped_column(JSON, default=list)  # epochs of the recent calls (rate limit)


class Mailbox(GuidMixin, Base):
    __tablename__ = "mailboxes"
    __table_args__ = (UniqueConstraint("domain_id", "local_part"),)
    domain_id: Mapped[int] = mapped_column(ForeignKey("domains.id"), index=True)
    local_part: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    quota_mb: Mapped[int] = mapped_column(Integer, default=-1)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    forwards: Mapped[list] = mapped_column(JSON, default=list)
    aliases: Mapped[list] = mapped_column(JSON, default=list)  # further local parts on the same domain
    created_at: Mapped[datetime] = mapped_column(DateTime)

    domain: Mapped[Domain] = relationship()


class SubscriptionAddon(Base):
    """An add-on plan attached to a subscription: its limits add to the plan's, its permissions grant."""

    __tablename__ = "subscription_addons"
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id"), primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), primary_key=True)


class ProtectedDir(Base):
    """A password-protected directory of a site (HTTP basic authentication)."""

    __tablename__ = "protected_dirs"
    __table_args__ = (UniqueConstraint("domain_id", "path"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    domain_id: Mapped[int] = mapped_column(ForeignKey("domains.id"), index=True)
    path: Mapped[str] = mapped_column(String(255))  # relative to the document root, "" for all of it
    realm: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    domain: Mapped[Domain] = relationship()
    users: Mapped[list[ProtectedDirUser]] = relationship(back_populates="directory", order_by="ProtectedDirUser.id",
                                                         cascade="all, delete-orphan")


class ProtectedDirUser(Base):
    __tablename__ = "protected_dir_users"
    __table_args__ = (UniqueConstraint("dir_id", "login"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dir_id: Mapped[int] = mapped_column(ForeignKey("protected_dirs.id"), index=True)
    login: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime)

    directory: Mapped[ProtectedDir] = relationship(back_populates="users")


class CustomButton(Base):
    """A custom button of the panel's interface (Plesk ``ui``): stored and listed."""

    __tablename__ = "custom_buttons"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    place: Mapped[str] = mapped_column(String(32))
    url: Mapped[str] = mapped_column(String(1024))
    text: Mapped[str] = mapped_column(String(255))
    options: Mapped[dict] = mapped_column(JSON, default=dict)  # sort_key, public, internal, noframe, conhelp, file
    url_components: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    owner: Mapped[Account] = relationship()


class DatabaseServer(Base):
    __tablename__ = "database_servers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    type: Mapped[str] = mapped_column(String(16))  # mysql | postgresql
    host: Mapped[str] = mapped_column(String(255))
    port: Mapped[int] = mapped_column(Integer)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    is_local: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(16), default="online")


class Database(GuidMixin, Base):
    __tablename__ = "databases"
    __table_args__ = (UniqueConstraint("server_id", "name"),)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id"), index=True)
    server_id: Mapped[int] = mapped_column(ForeignKey("database_servers.id"))
    name: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(16))
    default_user_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    subscription: Mapped[Subscription] = relationship()
    server: Mapped[DatabaseServer] = relationship()


class DatabaseUser(GuidMixin, Base):
    __tablename__ = "database_users"
    __table_args__ = (UniqueConstraint("server_id", "login"),)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id"), index=True)
    server_id: Mapped[int] = mapped_column(ForeignKey("database_servers.id"))
    database_id: Mapped[int | None] = mapped_column(ForeignKey("databases.id"))  # None = all of the subscription's
    login: Mapped[str] = mapped_column(String(64))
    password_hashes: Mapped[dict] = mapped_column(JSON, default=dict)  # {"mysql": "*..", "scram": "SCRAM-SHA-256$.."}
    created_at: Mapped[datetime] = mapped_column(DateTime)

    subscription: Mapped[Subscription] = relationship()
    server: Mapped[DatabaseServer] = relationship()
    database: Mapped[Database | None] = relationship()


class DatabasePrivilege(Base):
    """A database user's privileges on one database (cPanel's set_privileges_on_database). Once a
    user has any of these rows they say exactly which databases it reaches (``database_id`` of the
    user is then not used); ``privileges`` empty = no access (USAGE), ``["ALL PRIVILEGES"]`` = all."""

    __tablename__ = "database_privileges"
    __table_args__ = (UniqueConstraint("user_id", "database_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("database_users.id"), index=True)
    database_id: Mapped[int] = mapped_column(ForeignKey("databases.id"), index=True)
    privileges: Mapped[list] = mapped_column(JSON, default=list)

    database: Mapped[Database] = relationship()


class FtpUser(GuidMixin, Base):
    __tablename__ = "ftp_users"
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id"), index=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    home: Mapped[str] = mapped_column(String(1024), default="/")
    quota_mb: Mapped[int] = mapped_column(Integer, default=-1)
    can_read: Mapped[bool] = mapped_column(Boolean, default=True)
    can_write: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    subscription: Mapped[Subscription] = relationship()


# --- credentials -------------------------------------------------------------


class SecretKey(Base):
    """A Plesk secret key / REST API key. Only a hash of the key is kept."""

    __tablename__ = "secret_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key_hash: Mapped[str] = mapped_column(String(128), unique=True)
    hint: Mapped[str] = mapped_column(String(16))  # first characters, for listings
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    ips: Mapped[list] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    account: Mapped[Account] = relationship()


class ApiToken(Base):
    """A WHM / cPanel API token."""

    __tablename__ = "api_tokens"
    __table_args__ = (UniqueConstraint("account_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    acls: Mapped[list] = mapped_column(JSON, default=list)
    ip_allow: Mapped[list] = mapped_column(JSON, default=list)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    account: Mapped[Account] = relationship()


class Session(Base):
    """A login session (Plesk panel session, cPanel cpsess, ISPmanager auth id)."""

    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    ip: Mapped[str] = mapped_column(String(64), default="")  # "" = not bound
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_used_at: Mapped[datetime] = mapped_column(DateTime)
    idle_seconds: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    subject: Mapped[str] = mapped_column(String(255), default="")  # "" = the account; else the mail account logged in (Webmail)


class OneTimeKey(Base):
    __tablename__ = "one_time_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key_hash: Mapped[str] = mapped_column(String(128), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    actor_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    ip: Mapped[str] = mapped_column(String(64), default="")
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    # A Plesk create_session key is also the id session.get lists until it is redeemed (as Plesk's
    # session ids are): kept only while pending, single use, bound, and short-lived.
    listed_token: Mapped[str] = mapped_column(String(64), default="")


class AuthFailure(Base):
    __tablename__ = "auth_failures"
    __table_args__ = (Index("ix_auth_failures_login_at", "login", "at"), Index("ix_auth_failures_ip_at", "ip", "at"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    login: Mapped[str] = mapped_column(String(255), default="")
    ip: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[datetime] = mapped_column(DateTime)


class AuthBlock(Base):
    __tablename__ = "auth_blocks"
    __table_args__ = (UniqueConstraint("kind", "value"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(8))  # login | ip
    value: Mapped[str] = mapped_column(String(255))
    until: Mapped[datetime] = mapped_column(DateTime)


class AuditEvent(Base):
    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(64), default="")
    effective: Mapped[str] = mapped_column(String(64), default="")
    source_ip: Mapped[str] = mapped_column(String(64), default="")
    api: Mapped[str] = mapped_column(String(32), default="")
    action: Mapped[str] = mapped_column(String(64))  # e.g. "domain:create", "auth:failure"
    object_type: Mapped[str] = mapped_column(String(32), default="")
    object_id: Mapped[str] = mapped_column(String(255), default="")
    detail: Mapped[str] = mapped_column(Text, default="")


class ProvisionJob(Base):
    """Desired-state change waiting for (or finished by) an applier."""

    __tablename__ = "provision_jobs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    service: Mapped[str] = mapped_column(String(16))  # web | dns | db | mail | ftp
    target: Mapped[str] = mapped_column(String(255))  # e.g. domain ascii name, zone name, "db:12"
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)  # pending | done | failed
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)


class AclList(Base):
    """A named list of WHM privileges (cPanel's saved ACL lists, applied with ``setacls acllist=``)."""

    __tablename__ = "acl_lists"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    acls: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Setting(Base):
    """Panel-wide values that must be shared by every process (server GUID, ...)."""

    __tablename__ = "settings"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
