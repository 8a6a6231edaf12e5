"""Domains of a subscription: the main one, add-ons, subdomains, aliases and parked names."""
from __future__ import annotations

from sqlalchemy import select

from polypanel.store.models import Domain, DnsZone, Mailbox, ProtectedDir, Subscription

from . import authorization, dns, names, tenancy, validation, vocabulary, webspaces
from .unit_of_work import UnitOfWork
from .errors import AlreadyExists, Forbidden, Invalid, NotFound

KINDS = vocabulary.DOMAIN_KINDS
HOSTING_TYPES = ("virtual", "standard_forwarding", "frame_forwarding", "none")
STATUSES = ("active", "suspended", "disabled")
ZONE_KINDS = vocabulary.ZONE_KINDS
# The subscription permission (Plesk's name) a customer needs to add each kind.
KIND_PERMISSIONS = {"addon": ("create_domains", "add domains"), "subdomain": ("manage_subdomains", "add subdomains"),
                    "alias": ("manage_domain_aliases", "add domain aliases"),
                    "parked": ("manage_domain_aliases", "add domain aliases")}
# Limit keys counting each kind.
KIND_LIMITS = {"addon": ("max_domains", "domains"), "subdomain": ("max_subdomains", "subdomains"),
               "alias": ("max_aliases", "aliases"), "parked": ("max_aliases", "aliases")}


def visible(ctx: UnitOfWork):
    clause = tenancy.owner_filter(ctx.principal, Subscription.owner_id)
    q = select(Domain).join(Subscription, Domain.subscription_id == Subscription.id)
    return tenancy.apply(q, clause)


def list_(ctx: UnitOfWork, *, subscription_id: int | None = None, owner_id: int | None = None,
          kinds: tuple[str, ...] | None = None, name: str | None = None) -> list[Domain]:
    q = visible(ctx)
    if subscription_id is not None:
        q = q.where(Domain.subscription_id == subscription_id)
    if owner_id is not None:
        q = q.where(Subscription.owner_id == owner_id)
    if kinds:
        q = q.where(Domain.kind.in_(kinds))
    if name is not None:
        try:
            _, ascii_name = validation.domain_name(name)
        except Invalid:
            return []
        q = q.where(Domain.ascii_name == ascii_name)
    return list(ctx.session.scalars(q.order_by(Domain.id)))


def get(ctx: UnitOfWork, *, id: int | None = None, name: str | None = None, guid: str | None = None) -> Domain:
    q = visible(ctx)
    if id is not None:
        q = q.where(Domain.id == id)
    elif guid is not None:
        q = q.where(Domain.guid == guid)
    elif name is not None:
        try:
            _, ascii_name = validation.domain_name(name)
        except Invalid:
            raise NotFound("domain", name) from None
        q = q.where(Domain.ascii_name == ascii_name)
    else:
        raise Invalid("id", "a domain id, name or guid is required")
    d = ctx.session.scalar(q)
    if d is None:
        raise NotFound("domain", id or name or guid)
    return d


def check_name_free(ctx: UnitOfWork, ascii_name: str) -> None:
    if ctx.session.scalar(select(Domain.id).where(Domain.ascii_name == ascii_name)) is not None:
        raise AlreadyExists("domain", ascii_name, f"The domain {ascii_name} already exists")
    zone = ctx.session.scalar(select(DnsZone).where(DnsZone.name == ascii_name))
    if zone is not None:
        raise AlreadyExists("domain", ascii_name, f"The DNS zone {ascii_name} already exists")


def document_root(ctx: UnitOfWork, sub: Subscription, ascii_name: str, kind: str) -> str:
    root = ctx.settings.vhosts_root.rstrip("/")
    if kind == "main":
        return f"{root}/{ascii_name}/httpdocs"
    main = webspaces.main_domain(sub).ascii_name
    return f"{root}/{main}/{ascii_name}"


def add_domain_row(ctx: UnitOfWork, sub: Subscription, unicode_name: str, ascii_name: str, kind: str, *,
                   parent: Domain | None = None, hosting_type: str = "virtual", forward_url: str = "",
                   document_root_path: str | None = None, description: str = "", status: str = "active",
                   php: dict | None = None) -> Domain:
    if hosting_type not in HOSTING_TYPES:
        raise Invalid("hosting_type", f"'{hosting_type}' is not one of {', '.join(HOSTING_TYPES)}")
    if hosting_type.endswith("forwarding"):
        forward_url = validation.forward_url(forward_url)
    if status not in STATUSES:
        raise Invalid("status", f"'{status}' is not a valid status")
    names.check_available(ctx, ascii_name, sub.owner_id)
    if kind in ("alias", "parked"):
        docroot = parent.document_root if parent else ""
    else:
        docroot = document_root_path or document_root(ctx, sub, ascii_name, kind)
    d = Domain(subscription_id=sub.id, name=unicode_name, ascii_name=ascii_name, kind=kind,
               parent_id=parent.id if parent else None, hosting_type=hosting_type, forward_url=forward_url,
               document_root=docroot, php=php if php is not None else {"enabled": True},
               status=status, description=description or "", provision_status="pending", created_at=ctx.now())
    ctx.insert(d, "domain", ascii_name)
    sub.domains.append(d)
    d.parent = parent
    ip = sub.ip.address if sub.ip else "127.0.0.1"
    if kind in ZONE_KINDS:
        dns.create_default_zone(ctx, d, ip)
    elif kind == "subdomain":
        dns.add_subdomain_records(ctx, d, ip)
    ctx.enqueue(vocabulary.web(ascii_name))
    ctx.enqueue(vocabulary.web((parent or d).ascii_name))
    return d


def create(ctx: UnitOfWork, *, subscription: Subscription, name: str, kind: str = "addon",
           parent_name: str | None = None, hosting_type: str = "virtual", forward_url: str = "",
           document_root_path: str | None = None, description: str = "") -> Domain:
    """Add an add-on domain, subdomain, alias or parked name to an existing subscription."""
    tenancy.require(ctx.principal, subscription, "subscription", subscription.id)
    if kind not in KINDS or kind == "main":
        raise Invalid("kind", f"'{kind}' is not one of addon, subdomain, alias, parked")
    if webspaces.effective_status(subscription) != "active" and not ctx.principal.is_admin:
        raise Forbidden("The subscription is suspended")
    webspaces.require_permission(ctx, subscription, *KIND_PERMISSIONS[kind])
    parent: Domain | None = None
    if kind == "subdomain":
        if parent_name:
            parent = get(ctx, name=parent_name)
            if "." not in name.rstrip(".") or not name.rstrip(".").lower().endswith("." + parent.ascii_name):
                name = f"{name.strip().rstrip('.')}.{parent.name}"
        else:
            # The longest domain of the subscription that the name ends with.
            candidates = [d for d in subscription.domains if d.kind in vocabulary.WEBSPACE_KINDS
                          and validation.domain_name(name)[1].endswith("." + d.ascii_name)]
            if not candidates:
                raise Invalid("name", f"'{name}' is not below a domain of this subscription")
            parent = max(candidates, key=lambda d: len(d.ascii_name))
    elif kind in ("alias", "parked"):
        parent = get(ctx, name=parent_name) if parent_name else webspaces.main_domain(subscription)
    if parent is not None and parent.subscription_id != subscription.id:
        raise Invalid("parent_domain", "the parent domain belongs to another subscription")
    unicode_name, ascii_name = validation.domain_name(name)
    if kind == "subdomain" and not ascii_name.endswith("." + parent.ascii_name):
        raise Invalid("name", f"'{name}' is not below {parent.name}")
    check_name_free(ctx, ascii_name)
    names.check_available(ctx, ascii_name, subscription.owner_id)
    limit_key, what = KIND_LIMITS[kind]
    webspaces.check_limit(ctx, subscription, limit_key, webspaces.usage(ctx, subscription)[what], what)
    d = add_domain_row(ctx, subscription, unicode_name, ascii_name, kind, parent=parent,
                       hosting_type=hosting_type, forward_url=forward_url,
                       document_root_path=document_root_path, description=description)
    ctx.audit("domain:create", "domain", d.id, f"{ascii_name} ({kind})")
    return d


def update(ctx: UnitOfWork, d: Domain, *, status: str | None = None, hosting_type: str | None = None,
           forward_url: str | None = None, description: str | None = None, php: dict | None = None,
           document_root_path: str | None = None, name: str | None = None) -> Domain:
    tenancy.require(ctx.principal, d.subscription, "domain", d.id)
    if status is not None:
        if status not in STATUSES:
            raise Invalid("status", f"'{status}' is not one of {', '.join(STATUSES)}")
        if status != d.status:
            authorization.require(ctx.principal, "domains:set_status", "You may not change the status of this domain")
        d.status = status
    if hosting_type is not None:
        if hosting_type not in HOSTING_TYPES:
            raise Invalid("hosting_type", f"'{hosting_type}' is not one of {', '.join(HOSTING_TYPES)}")
        d.hosting_type = hosting_type
    if forward_url is not None:
        d.forward_url = forward_url
    if d.hosting_type.endswith("forwarding"):
        d.forward_url = validation.forward_url(d.forward_url)
    if description is not None:
        d.description = description
    if php is not None:
        d.php = {**(d.php or {}), **php}
    if document_root_path is not None:
        if ".." in document_root_path.split("/"):
            raise Invalid("document_root", "may not contain '..'")
        d.document_root = document_root_path
    if name is not None:
        unicode_name, ascii_name = validation.domain_name(name)
        if ascii_name != d.ascii_name:
            raise Invalid("name", "a domain cannot be renamed; create a new one")
    d.provision_status = "pending"
    ctx.enqueue(vocabulary.web(d.ascii_name))
    ctx.audit("domain:update", "domain", d.id, d.ascii_name)
    return d


def delete_row(ctx: UnitOfWork, d: Domain) -> None:
    """Delete a domain with everything that hangs off it (subdomains, aliases, zone, mailboxes)."""
    for child in list(ctx.session.scalars(select(Domain).where(Domain.parent_id == d.id))):
        delete_row(ctx, child)
    for mb in list(ctx.session.scalars(select(Mailbox).where(Mailbox.domain_id == d.id))):
        ctx.session.delete(mb)
        ctx.enqueue(vocabulary.mail(d.ascii_name))
    for pd in list(ctx.session.scalars(select(ProtectedDir).where(ProtectedDir.domain_id == d.id))):
        ctx.session.delete(pd)
    if d.kind == "subdomain" and d.parent is not None:
        dns.remove_subdomain_records(ctx, d)
    for zone in list(ctx.session.scalars(select(DnsZone).where(DnsZone.domain_id == d.id))):
        dns.delete_zone(ctx, zone)
    ctx.enqueue(vocabulary.web(d.ascii_name))
    if d in d.subscription.domains:
        d.subscription.domains.remove(d)
    ctx.session.delete(d)
    ctx.session.flush()


def zone_for_name(ctx: UnitOfWork, name: str) -> tuple[DnsZone, str | None]:
    """The zone that holds ``name`` (a zone, or a domain, subdomain or alias inside one) and the
    host name that limits its records (None: the whole zone). NotFound when there is none."""
    try:
        return dns.get_zone(ctx, name=name), None
    except NotFound:
        pass
    try:
        d = get(ctx, name=name)
    except NotFound:
        raise NotFound("domain", name, "Domain or Domain Alias is not found") from None
    zone = dns.zone_of(ctx, d.ascii_name)
    if zone is None:
        raise NotFound("domain", name, "Domain or Domain Alias is not found")
    return zone, d.ascii_name
