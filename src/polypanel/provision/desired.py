"""Desired state read from the store: ORM rows -> specs.

One ``DesiredReader`` per session.  Whole-set methods feed a full reconcile;
the ``*_for`` methods answer one provision job's target (``None`` or an
empty list means "remove it").
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from polypanel.core.webspaces import effective_status, home_dir, performance, serves_www
from polypanel.provision.specs import (
    DatabaseSpec,
    DatabaseUserSpec,
    DesiredState,
    FtpUserSpec,
    MailboxSpec,
    ProtectedSpec,
    RecordSpec,
    SiteCertificate,
    SiteSpec,
    SoaSpec,
    ZoneSpec,
)
from polypanel.store.models import (
    Database,
    DatabasePrivilege,
    DatabaseUser,
    DnsRecord,
    DnsZone,
    Domain,
    FtpUser,
    Mailbox,
    ProtectedDir,
    Subscription,
)

from polypanel.core.vocabulary import ALIAS_KINDS, SITE_KINDS
from polypanel.core.vocabulary import HOST_VALUE_TYPES as _HOST_VALUE_TYPES
MB = 1024 * 1024


@dataclass(frozen=True)
class DesiredLayout:
    """Where things live on this server (from panel.ini)."""

    vhosts_root: str
    mail_root: str
    php_fpm_socket: str | None = None  # None: sites are static (no PHP-FPM here)


class DesiredReader:
    def __init__(self, session: Session, layout: DesiredLayout) -> None:
        self.session = session
        self.layout = layout

    def state(self) -> DesiredState:
        """The complete desired state, for ``Provisioning.reconcile``."""
        return DesiredState(
            sites=tuple(self.sites()),
            zones=tuple(self.zones()),
            databases=tuple(self.databases()),
            database_users=tuple(self.database_users()),
            mailboxes=tuple(self.mailboxes()),
            ftp_users=tuple(self.ftp_users()),
        )

    # -- web ------------------------------------------------------------------

    def sites(self) -> list[SiteSpec]:
        domains = self.session.scalars(_domains().where(Domain.kind.in_(SITE_KINDS)).order_by(Domain.id))
        aliases = self._aliases_by_parent()
        protected = self._protected(None)
        return [site for d in domains
                if (site := self._site(d, aliases.get(d.id, []), protected.get(d.id, ()))) is not None]

    def site_for(self, ascii_name: str) -> SiteSpec | None:
        domain = self.session.scalar(_domains().where(Domain.ascii_name == ascii_name))
        if domain is None or domain.kind not in SITE_KINDS:
            return None
        aliases = list(self.session.scalars(
            select(Domain).where(Domain.parent_id == domain.id, Domain.kind.in_(ALIAS_KINDS))
        ))  # fmt: skip
        return self._site(domain, aliases, self._protected(domain.id).get(domain.id, ()))

    def _protected(self, domain_id: int | None) -> dict[int, tuple[ProtectedSpec, ...]]:
        query = select(ProtectedDir).options(selectinload(ProtectedDir.users)).order_by(ProtectedDir.id)
        if domain_id is not None:
            query = query.where(ProtectedDir.domain_id == domain_id)
        grouped: dict[int, list[ProtectedSpec]] = {}
        for pd in self.session.scalars(query):
            grouped.setdefault(pd.domain_id, []).append(
                ProtectedSpec(pd.path, pd.realm, tuple((u.login, u.password_hash) for u in pd.users)))
        return {k: tuple(v) for k, v in grouped.items()}

    def _aliases_by_parent(self) -> dict[int, list[Domain]]:
        grouped: dict[int, list[Domain]] = {}
        for alias in self.session.scalars(select(Domain).where(Domain.kind.in_(ALIAS_KINDS)).order_by(Domain.id)):
            if alias.parent_id is not None:
                grouped.setdefault(alias.parent_id, []).append(alias)
        return grouped

    def _site(self, domain: Domain, aliases: list[Domain], protected=()) -> SiteSpec | None:
        if domain.hosting_type == "none":
            return None
        www = domain.kind != "main" or serves_www(domain.subscription)
        names = [f"www.{domain.ascii_name}"] if www else []
        for alias in aliases:
            if alias.status == "active":
                names += [alias.ascii_name, f"www.{alias.ascii_name}"]
        suspended = domain.status != "active" or effective_status(domain.subscription) != "active"
        php_enabled = bool((domain.php or {}).get("enabled")) and self.layout.php_fpm_socket is not None
        forwarding = domain.hosting_type.endswith("forwarding")
        sub = domain.subscription
        rate, conns = performance(sub, "bandwidth"), performance(sub, "max_connections")
        return SiteSpec(
            name=domain.ascii_name,
            unicode_name=domain.name,
            aliases=tuple(names),
            document_root=domain.document_root,
            system_user=domain.subscription.system_user,
            status="suspended" if suspended else "active",
            hosting_type="forwarding" if forwarding else "virtual",
            forward_url=domain.forward_url or None if forwarding else None,
            php=php_enabled and not forwarding,
            php_fpm_socket=self.layout.php_fpm_socket if php_enabled and not forwarding else None,
            certificate=_certificate(domain),
            protected=tuple(protected),
            rate_kb=rate if rate > 0 else None,
            max_connections=conns if conns > 0 else None,
            limit_group=f"subscription-{sub.id}" if conns > 0 else "",
        )

    # -- dns ------------------------------------------------------------------

    def zones(self) -> list[ZoneSpec]:
        query = select(DnsZone).options(selectinload(DnsZone.records)).order_by(DnsZone.id)
        return [self._zone(zone) for zone in self.session.scalars(query) if zone.status == "active"]

    def zone_for(self, name: str) -> ZoneSpec | None:
        zone = self.session.scalar(select(DnsZone).where(DnsZone.name == name))
        return self._zone(zone) if zone is not None and zone.status == "active" else None

    def _zone(self, zone: DnsZone) -> ZoneSpec:
        soa = SoaSpec(
            primary_ns=_absolute(zone.primary_ns or f"ns1.{zone.name}"),
            hostmaster=zone.admin_email or f"hostmaster.{zone.name}",
            serial=zone.serial,
            refresh=zone.refresh,
            retry=zone.retry,
            expire=zone.expire,
            minimum=zone.minimum,
        )
        records = tuple(_record(record) for record in zone.records)
        return ZoneSpec(name=zone.name, soa=soa, records=records, ttl=zone.ttl)

    # -- databases --------------------------------------------------------------

    def databases(self) -> list[DatabaseSpec]:
        rows = self.session.scalars(select(Database).options(selectinload(Database.server)).order_by(Database.id))
        return [_database(row) for row in rows]

    def database_for(self, server_id: int, name: str) -> DatabaseSpec | None:
        row = self.session.scalar(select(Database).where(Database.server_id == server_id, Database.name == name))
        return _database(row) if row is not None else None

    def database_users(self) -> list[DatabaseUserSpec]:
        rows = self.session.scalars(select(DatabaseUser).order_by(DatabaseUser.id))
        return [self._database_user(row) for row in rows]

    def database_user_for(self, server_id: int, login: str) -> DatabaseUserSpec | None:
        row = self.session.scalar(
            select(DatabaseUser).where(DatabaseUser.server_id == server_id, DatabaseUser.login == login)
        )
        return self._database_user(row) if row is not None else None

    def _database_user(self, row: DatabaseUser) -> DatabaseUserSpec:
        type_ = row.server.type
        granular = list(self.session.scalars(select(DatabasePrivilege).where(DatabasePrivilege.user_id == row.id)))
        partial: list[tuple[str, tuple[str, ...]]] = []
        if granular:  # cPanel's per-database privileges say exactly what the user reaches
            granted = sorted(g.database.name for g in granular if g.privileges)
            partial = sorted((g.database.name, tuple(g.privileges)) for g in granular
                             if g.privileges and g.privileges != ["ALL PRIVILEGES"])
        elif row.database_id is not None:
            granted = [row.database.name] if row.database is not None else []
        else:  # all of the subscription's databases on that server
            granted = list(self.session.scalars(
                select(Database.name).where(
                    Database.subscription_id == row.subscription_id, Database.server_id == row.server_id
                ).order_by(Database.name)
            ))  # fmt: skip
        hashes = row.password_hashes or {}
        return DatabaseUserSpec(
            login=row.login,
            password_hash=hashes.get("mysql" if type_ == "mysql" else "scram", ""),
            type=type_,  # type: ignore[arg-type]
            server=str(row.server_id),
            databases=tuple(granted),
            privileges=tuple(partial),
        )

    # -- mail -------------------------------------------------------------------

    def mailboxes(self, domain: str | None = None) -> list[MailboxSpec]:
        """Enabled mailboxes (of one domain, by ASCII name, if given)."""
        query = select(Mailbox).join(Domain, Mailbox.domain_id == Domain.id).options(selectinload(Mailbox.domain))
        if domain is not None:
            query = query.where(Domain.ascii_name == domain)
        rows = self.session.scalars(query.order_by(Mailbox.id))
        return [self._mailbox(row) for row in rows if row.enabled]

    def _mailbox(self, row: Mailbox) -> MailboxSpec:
        domain = row.domain.ascii_name
        return MailboxSpec(
            address=f"{row.local_part}@{domain}".lower(),
            password_hash=row.password_hash,
            maildir=f"{self.layout.mail_root.rstrip('/')}/{domain}/{row.local_part.lower()}",
            quota_bytes=row.quota_mb * MB if row.quota_mb is not None and row.quota_mb >= 0 else None,
            forwards=tuple(row.forwards or ()),
            aliases=tuple(f"{alias}@{domain}".lower() for alias in row.aliases or ()),
        )

    # -- ftp ----------------------------------------------------------------------

    def ftp_users(self) -> list[FtpUserSpec]:
        """Every FTP account, and every subscription's system user that has a password (the FTP
        login and password given when the subscription was created), homed at its vhost root."""
        subscriptions = self.session.scalars(
            select(Subscription).options(selectinload(Subscription.domains))
            .where(Subscription.system_password_hash != "").order_by(Subscription.id)
        )  # fmt: skip
        system_users = [self._system_user(sub) for sub in subscriptions]
        rows = self.session.scalars(
            select(FtpUser).options(selectinload(FtpUser.subscription).selectinload(Subscription.domains)).order_by(FtpUser.id)
        )
        return system_users + [self._ftp_user(row) for row in rows]

    def _home(self, subscription: Subscription) -> str:
        return home_dir(subscription, self.layout.vhosts_root)

    def _system_user(self, subscription: Subscription) -> FtpUserSpec:
        return FtpUserSpec(login=subscription.system_user, password_hash=subscription.system_password_hash,
                           home=self._home(subscription), system_user=subscription.system_user)

    def _ftp_user(self, row: FtpUser) -> FtpUserSpec:
        subscription = row.subscription
        base = self._home(subscription)
        return FtpUserSpec(
            login=row.login,
            password_hash=row.password_hash,
            home=base + "/" + (row.home or "/").strip("/") if (row.home or "/").strip("/") else base,
            system_user=subscription.system_user,
            quota_bytes=row.quota_mb * MB if row.quota_mb is not None and row.quota_mb >= 0 else None,
        )


def _domains():
    return select(Domain).options(selectinload(Domain.subscription).selectinload(Subscription.owner),
                                  selectinload(Domain.certificate))


def _certificate(domain: Domain) -> SiteCertificate | None:
    cert = domain.certificate
    if cert is None or not cert.cert_pem or not cert.key_pem:
        return None
    return SiteCertificate(chain_pem=cert.cert_pem + cert.ca_pem, key_pem=cert.key_pem)


def _database(row: Database) -> DatabaseSpec:
    return DatabaseSpec(name=row.name, type=row.server.type, server=str(row.server_id))  # type: ignore[arg-type]


def _absolute(name: str) -> str:
    return name if name.endswith(".") else name + "."


def _record(record: DnsRecord) -> RecordSpec:
    rtype = record.type.upper()
    value = record.value
    if rtype in _HOST_VALUE_TYPES and not value.endswith("."):
        value = _absolute(value)
    rdata = f"{record.opt} {value}" if record.opt else value
    return RecordSpec(name=_absolute(record.name), type=rtype, rdata=rdata, ttl=record.ttl)

