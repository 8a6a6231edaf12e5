"""Mail domains (``emaildomain``) and mailboxes (``email``).

Every domain of the panel takes mail, so a web domain is a mail domain too. A mail domain with no web
site is a core domain without hosting (``hosting_type`` ``none``): its DNS zone is served and its
mailboxes are real, and no virtual host is made for it. ISPmanager's per-domain mail settings that the
server does not have (a catch-all redirect or drop) are refused with the reason; settings of mail
features it does not run (DKIM, SpamAssassin, DMARC, the mail domain's own certificate) are not in the
form, and are ignored as ISPmanager ignores the fields of a feature that is not installed.
"""
from __future__ import annotations

from polypanel.core import accounts, domains, hosting_views, mail, service_views, subscriptions
from polypanel.core.errors import AlreadyExists, Invalid

from .form import elids
from .hosting_ops import form_password
from .site_ops import SITE_KINDS
from .wire import Form, Ok, Rows, on_off

DEFACTIONS = ("", "error")  # unknown recipients are refused: the only behaviour the mail server has


def _row(d: hosting_views.DomainView) -> dict:
    return {"name": d.ascii_name, "owner": d.owner_login, "active": on_off(d.status == "active"),
            "defaction": "error"}


def emaildomain_list(ctx, _call):
    return Rows([_row(d) for d in hosting_views.domains(ctx, kinds=SITE_KINDS)])


def create_mail_domain(ctx, owner, name: str):
    """A mail domain ``name`` for account ``owner``: a domain without hosting in its hosting (a core
    subscription, opened by this domain when the user has none yet)."""
    subs = subscriptions.list_(ctx, owner_id=owner.id)
    if subs:
        return domains.create(ctx, subscription=subs[0], name=name, kind="addon", hosting_type="none")
    if owner.role != "customer":
        raise Invalid("owner_login", "the owner of a mail domain must be a user")
    return subscriptions.create(ctx, domain=name, owner_id=owner.id, hosting_type="none").domains[0]


def _check_settings(f: dict) -> None:
    action = (f.get("defaction") or "").strip().lower()
    if action not in DEFACTIONS:
        raise Invalid("defaction", f"'{action[:40]}' is not available: this server refuses mail to unknown "
                                   "recipients of a domain (defaction=error); a catch-all cannot be set")
    if (f.get("redirval") or "").strip():
        raise Invalid("redirval", "a catch-all address cannot be set: this server refuses mail to unknown recipients")


def emaildomain_edit(ctx, call):
    f = call.query
    elid = (f.get("elid") or "").strip()
    if not f.get("sok"):
        if not elid:
            return Form({"name": "", "owner": "", "defaction": "error", "redirval": ""})
        d = domains.get(ctx, name=elid)
        return Form({"elid": d.ascii_name, **_row(hosting_views.domain_of(d)), "redirval": ""},
                    {"defaction": [("error", "Return an error")]})
    _check_settings(f)
    if elid:
        d = domains.get(ctx, name=elid)
        owner = (f.get("owner") or "").strip()
        if owner and owner.lower() != d.subscription.owner.login.lower():
            raise Invalid("owner_login", "a mail domain cannot move to another user")
        return Ok(id=d.ascii_name)
    name = (f.get("name") or "").strip().rstrip(".")
    if not name:
        raise Invalid("name", "is required")
    owner = (f.get("owner") or "").strip()
    acc = accounts.get(ctx, login=owner) if owner else accounts.get(ctx, id=ctx.principal.account_id)
    existing = domains.list_(ctx, name=name, kinds=SITE_KINDS)
    if existing and existing[0].subscription.owner_id == acc.id:
        return Ok(id=existing[0].ascii_name)  # a domain of the user's takes mail already
    if existing:
        raise AlreadyExists("domain", existing[0].ascii_name, f"The domain {existing[0].ascii_name} already exists")
    return Ok(id=create_mail_domain(ctx, acc, name).ascii_name)


def _mailbox_row(mb: service_views.MailboxView) -> dict:
    return {"name": mb.address, "owner": mb.owner_login,
            "forward": " ".join(mb.forwards or []), "size_total": "" if mb.quota_mb < 0 else str(mb.quota_mb),
            "active": on_off(mb.enabled)}


def email_list(ctx, _call):
    return Rows([_mailbox_row(mb) for mb in service_views.mailboxes(ctx)])


def email_edit(ctx, call):
    f = call.query
    elid = (f.get("elid") or "").strip()
    forwards = f["forward"].replace(",", " ").split() if "forward" in f else None
    if not f.get("sok"):
        if not elid:
            return Form({"name": "", "domainname": "", "forward": "", "note": ""})
        mb = mail.get(ctx, address=elid)
        return Form({"elid": elid, **_mailbox_row(service_views.mailbox_of(mb)), "note": ""})
    if elid:
        mb = mail.get(ctx, address=elid)
        mail.update(ctx, mb, password=form_password(f, required=False), forwards=forwards)
        return Ok(id=elid)
    d = domains.get(ctx, name=(f.get("domainname") or f.get("domain") or "").strip())
    mb = mail.create(ctx, domain=d, name=(f.get("name") or "").strip(), password=form_password(f, required=True),
                     forwards=forwards)
    return Ok(id=f"{mb.local_part}@{d.ascii_name}")


def email_delete(ctx, call):
    for address in elids(call.query.get("elid")):
        mail.delete(ctx, mail.get(ctx, address=address))
    return Ok()


OPERATIONS = {
    "emaildomain": (emaildomain_list, True), "emaildomain.edit": (emaildomain_edit, False),
    "email": (email_list, True), "email.edit": (email_edit, False), "email.delete": (email_delete, False),
}
DESCRIPTIONS = {
    "emaildomain": ("Mail domains (list)", "Почтовые домены"),
    "emaildomain.edit": ("Mail domain: elid, or name and owner to create one (without a web site it has no "
                         "hosting); defaction=error; sok", "Почтовый домен"),
    "email": ("Mailboxes (list)", "Почтовые ящики"),
    "email.edit": ("Mailbox: elid = address; name, domainname, passwd, confirm, forward; sok", "Почтовый ящик"),
    "email.delete": ("Delete mailboxes: elid", "Удалить почтовые ящики"),
}
