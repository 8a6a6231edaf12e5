"""Certificate pools and which certificate a site serves.

Each subscription has a pool (Plesk's webspace repository, a cPanel account's SSL storage); the
administrator has the server pool (``subscription=None``, Plesk's ``<admin/>`` repository), whose
certificates only the administrator sees and assigns, to any site. A certificate is installed into
a pool after ``tls_material.check`` (PEM, key match, key type and size, bounded sizes); a pool may
keep an expired certificate, or a key and CSR still waiting for their certificate, as Plesk's does.

Assigning makes a site serve the certificate (a ``web`` job for the site); it needs a complete,
currently valid certificate that covers the site's name (RFC 6125 wildcards). Plesk's panel
lets one pick any certificate of the pool and warns; cPanel refuses one that does not cover the
domain: the core refuses, so no API can make a site serve a name its certificate does not hold.
Removing a certificate that a site serves is refused (unassign first), as Plesk refuses it.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select

from polypanel.store.models import Certificate, Domain, Subscription

from . import authorization, provisioning_state, tenancy, tls_material, vocabulary
from .errors import AlreadyExists, Conflict, Invalid, NotFound
from .unit_of_work import UnitOfWork

MAX_NAME = 255
READ, WRITE = "certificates:read", "certificates:write"


@dataclass(frozen=True)
class Pool:
    """Where a certificate lives: a subscription's pool, or the server pool (``subscription=None``)."""

    subscription: Subscription | None

    @property
    def label(self) -> str:
        return "the server pool" if self.subscription is None else f"subscription {self.subscription.id}"


def name_of(value) -> str:
    if not isinstance(value, str):
        raise Invalid("name", "is required")
    value = value.strip()
    if not value:
        raise Invalid("name", "is required")
    if len(value) > MAX_NAME or any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise Invalid("name", f"at most {MAX_NAME} printable characters")
    return value


# -- what a caller may see ----------------------------------------------------------------------

def visible(ctx: UnitOfWork):
    """Certificates the caller may see: the pools of the subscriptions it may see; the server pool
    for the administrator only."""
    q = select(Certificate).outerjoin(Subscription, Certificate.subscription_id == Subscription.id)
    if ctx.principal.is_admin:
        return q
    clause = tenancy.owner_filter(ctx.principal, Subscription.owner_id)
    return q.where(Certificate.subscription_id.is_not(None)).where(clause)


def require(ctx: UnitOfWork, row: Certificate) -> None:
    """The same NotFound as for a missing certificate, unless the caller may see its pool."""
    if row.subscription_id is None:
        if not ctx.principal.is_admin:
            raise NotFound("certificate", row.name)
        return
    tenancy.require(ctx.principal, row.subscription, "certificate", row.name)


def require_pool(ctx: UnitOfWork, pool: Pool) -> None:
    authorization.require(ctx.principal, WRITE)
    if pool.subscription is None:
        if not ctx.principal.is_admin:
            raise NotFound("certificate pool", "admin", "Only the administrator has the server pool")
        return
    tenancy.require(ctx.principal, pool.subscription, "subscription", pool.subscription.id)


def list_(ctx: UnitOfWork, pool: Pool | None = None) -> list[Certificate]:
    """The certificates of one pool, or of every pool the caller may see."""
    authorization.require(ctx.principal, READ)
    q = visible(ctx)
    if pool is not None:
        if pool.subscription is None:
            if not ctx.principal.is_admin:
                raise NotFound("certificate pool", "admin", "Only the administrator has the server pool")
            q = q.where(Certificate.subscription_id.is_(None))
        else:
            tenancy.require(ctx.principal, pool.subscription, "subscription", pool.subscription.id)
            q = q.where(Certificate.subscription_id == pool.subscription.id)
    return list(ctx.session.scalars(q.order_by(Certificate.id)))


def usable_for(ctx: UnitOfWork, domain: Domain) -> list[Certificate]:
    """The certificates ``domain`` may be given: its subscription's pool, and the server pool for the administrator."""
    tenancy.require(ctx.principal, domain.subscription, "domain", domain.id)
    q = visible(ctx).where(or_(Certificate.subscription_id == domain.subscription_id,
                               Certificate.subscription_id.is_(None)))
    return list(ctx.session.scalars(q.order_by(Certificate.id)))


def get(ctx: UnitOfWork, pool: Pool, name: str) -> Certificate:
    authorization.require(ctx.principal, READ)
    name = name_of(name)
    if pool.subscription is not None:
        tenancy.require(ctx.principal, pool.subscription, "certificate", name)
    for row in list_(ctx, pool):
        if row.name == name:
            return row
    raise NotFound("certificate", name, f"The certificate '{name}' is not found in {pool.label}")


def get_by_id(ctx: UnitOfWork, id: int) -> Certificate:
    authorization.require(ctx.principal, READ)
    row = ctx.session.scalar(visible(ctx).where(Certificate.id == id))
    if row is None:
        raise NotFound("certificate", id)
    return row


def users(ctx: UnitOfWork, row: Certificate) -> list[Domain]:
    """The domains that serve ``row``."""
    return list(ctx.session.scalars(select(Domain).where(Domain.certificate_id == row.id).order_by(Domain.id)))


def state(ctx: UnitOfWork, row: Certificate) -> provisioning_state.State:
    """Whether the web server took the certificate on every site that serves it (the worst of them)."""
    states = [(d.ascii_name, provisioning_state.of_site(d)) for d in users(ctx, row)]
    for status in (provisioning_state.ERROR, provisioning_state.PENDING):
        failed = [(name, s) for name, s in states if s.status == status]
        if failed:
            return provisioning_state.State(status, "\n".join(f"[{name}] {s.message}" for name, s in failed if s.message))
    return provisioning_state.State(provisioning_state.OK)


# -- changing -----------------------------------------------------------------------------------

def install(ctx: UnitOfWork, pool: Pool, name: str, *, cert: str | None = None, key: str | None = None,
            ca: str | None = None, csr: str | None = None) -> Certificate:
    """Add a certificate (or a key and CSR awaiting one) to ``pool``."""
    require_pool(ctx, pool)
    name = name_of(name)
    material = tls_material.check(cert=cert, key=key, ca=ca, csr=csr, require_cert=False)
    if any(row.name == name for row in _pool_rows(ctx, pool)):
        raise AlreadyExists("certificate", name, f"The certificate '{name}' already exists in {pool.label}")
    row = Certificate(subscription_id=pool.subscription.id if pool.subscription else None, name=name,
                      cert_pem=material.cert_pem, key_pem=material.key_pem, ca_pem=material.ca_pem,
                      csr_pem=material.csr_pem, created_at=ctx.now())
    ctx.insert(row, "certificate", name)
    row.subscription = pool.subscription
    ctx.audit("certificate:install", "certificate", row.id, f"{name} in {pool.label}"[:500])
    return row


def update(ctx: UnitOfWork, row: Certificate, *, cert: str | None = None, key: str | None = None,
           ca: str | None = None, csr: str | None = None, name: str | None = None) -> Certificate:
    """Replace a certificate's material (a renewal, or the signed certificate for a stored key and CSR);
    the sites serving it serve the new one. Parts not given are kept (the key, the CSR, the chain)."""
    require(ctx, row)
    require_pool(ctx, Pool(row.subscription))
    if name is not None and name_of(name) != row.name:
        if any(other.name == name_of(name) for other in _pool_rows(ctx, Pool(row.subscription))):
            raise AlreadyExists("certificate", name, f"The certificate '{name}' already exists")
        row.name = name_of(name)
    if any(part is not None for part in (cert, key, ca, csr)):
        new_key = key if key else row.key_pem
        new_cert = cert if cert is not None else (row.cert_pem if not key else "")
        if ca is None and new_cert and tls_material.issued_by(new_cert, row.ca_pem):
            ca = row.ca_pem  # a renewal from the same CA keeps its chain
        material = tls_material.check(cert=new_cert, key=new_key, ca=ca if new_cert else None,
                                      csr=csr if csr is not None else (row.csr_pem if not key else ""),
                                      require_cert=False)
        served = users(ctx, row)
        for d in served:
            _check_servable(ctx, material.cert_pem, d)
        row.cert_pem, row.key_pem = material.cert_pem, material.key_pem
        row.ca_pem, row.csr_pem = material.ca_pem, material.csr_pem
        for d in served:
            _reapply(ctx, d)
    ctx.audit("certificate:update", "certificate", row.id, row.name[:500])
    return row


def assign(ctx: UnitOfWork, row: Certificate, domain: Domain) -> None:
    """Make ``domain``'s site serve ``row``."""
    require(ctx, row)
    tenancy.require(ctx.principal, domain.subscription, "domain", domain.id)
    authorization.require(ctx.principal, WRITE)
    if row.subscription_id is not None and row.subscription_id != domain.subscription_id:
        raise NotFound("certificate", row.name, f"The certificate '{row.name}' is not in the pool of {domain.name}")
    if domain.kind in vocabulary.ALIAS_KINDS:
        raise Invalid("domain", f"{domain.name} is an alias: it is served with the certificate of its site")
    _check_servable(ctx, row.cert_pem, domain)
    if domain.certificate_id != row.id:
        domain.certificate_id = row.id
        _reapply(ctx, domain)
    ctx.audit("certificate:assign", "domain", domain.id, f"{row.name} -> {domain.ascii_name}"[:500])


def unassign(ctx: UnitOfWork, domain: Domain) -> bool:
    """Back to the site's self-signed certificate; False when it had none assigned."""
    tenancy.require(ctx.principal, domain.subscription, "domain", domain.id)
    authorization.require(ctx.principal, WRITE)
    if domain.certificate_id is None:
        return False
    domain.certificate_id = None
    _reapply(ctx, domain)
    ctx.audit("certificate:unassign", "domain", domain.id, domain.ascii_name)
    return True


def remove(ctx: UnitOfWork, row: Certificate) -> None:
    require(ctx, row)
    require_pool(ctx, Pool(row.subscription))
    served = users(ctx, row)
    if served:
        names = ", ".join(d.name for d in served[:5])
        raise Conflict(f"The certificate '{row.name}' is used by {names}: assign another certificate first")
    ctx.audit("certificate:remove", "certificate", row.id, row.name[:500])
    ctx.session.delete(row)
    ctx.session.flush()


def delete_pool(ctx: UnitOfWork, subscription: Subscription) -> None:
    """A subscription's certificates, when the subscription goes (cascade; its domains are gone)."""
    ctx.session.flush()
    for row in ctx.session.scalars(select(Certificate).where(Certificate.subscription_id == subscription.id)):
        ctx.session.delete(row)
    ctx.session.flush()


def generate(subject: tls_material.Subject, *, bits: int = 2048, self_signed: bool = False, ctx: UnitOfWork | None = None
             ) -> tls_material.Material:
    """A new key and CSR (and a self-signed certificate); nothing is stored."""
    if ctx is not None:
        authorization.require(ctx.principal, WRITE)
    return tls_material.generate(subject, bits=bits, self_signed=self_signed, now=ctx.now() if ctx else None)


def _pool_rows(ctx: UnitOfWork, pool: Pool) -> list[Certificate]:
    sub_id = pool.subscription.id if pool.subscription else None
    clause = Certificate.subscription_id.is_(None) if sub_id is None else Certificate.subscription_id == sub_id
    return list(ctx.session.scalars(select(Certificate).where(clause)))


def _check_servable(ctx: UnitOfWork, cert_pem: str, domain: Domain) -> None:
    if not cert_pem:
        raise Invalid("certificate", "holds only a key and a signing request: install the signed certificate first")
    described = tls_material.describe(cert_pem)
    if not tls_material.covers(described.names, domain.ascii_name):
        shown = ", ".join(described.names[:10]) or "no names"
        raise Invalid("certificate", f"is not valid for {domain.ascii_name} (it is for {shown})")
    now = ctx.now()
    if described.not_after < now:
        raise Invalid("certificate", f"expired on {described.not_after:%Y-%m-%d %H:%M:%S} UTC")
    if described.not_before > now:
        raise Invalid("certificate", f"is not valid before {described.not_before:%Y-%m-%d %H:%M:%S} UTC")


def _reapply(ctx: UnitOfWork, domain: Domain) -> None:
    domain.provision_status = provisioning_state.PENDING
    domain.provision_error = ""
    ctx.enqueue(vocabulary.web(domain.ascii_name))
