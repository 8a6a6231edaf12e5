"""What ISPmanager's new-user wizard (``user.add.finish``) makes with the user, in the same unit of
work: its web domain (which opens its hosting, a core subscription), its mail domain, an FTP user and
a mailbox. Limits and a preset given to a user without any hosting are kept on the user
(core ``customer_limits``) and taken by its hosting when it gets one.

Fields: ``webdomain`` on/off + ``webdomain_name`` (or ``domain``); ``emaildomain`` on/off +
``emaildomain_name``; ``ftp_user`` on/off + ``ftp_user_name`` (+ ``ftp_user_passwd``, else the user's
password; a name sent alone, as the WHMCS module sends it, asks for the FTP user too); ``email``: an
address in the user's new mail domain (or a bare local part) is made a mailbox (+ ``email_passwd``,
else the user's password); any other address is only the user's contact address.
"""
from __future__ import annotations

from polypanel.core import customer_limits, domains, ftp, mail, subscriptions, validation
from polypanel.core.errors import Invalid

from .mail_ops import create_mail_domain


def _on(f: dict, flag: str, name_field: str) -> str:
    """The name of what the wizard makes (lower case, no final dot), or "" when it makes none."""
    if (f.get(flag) or "").strip().lower() == "off":
        return ""
    return (f.get(name_field) or "").strip().rstrip(".").lower()


def contact_email(f: dict) -> str:
    """The user's contact address: ``email`` unless it names a mailbox the wizard makes."""
    value = (f.get("email") or "").strip()
    return "" if _mailbox(f) else value


def _mailbox(f: dict) -> tuple[str, str] | None:
    value = (f.get("email") or "").strip()
    mail_domain = _on(f, "emaildomain", "emaildomain_name")
    if not value or not mail_domain:
        return None
    local, at, domain = value.rpartition("@") if "@" in value else (value, "", mail_domain)
    if at and domain.strip().rstrip(".").lower() != mail_domain:
        return None
    return local, mail_domain


def set_up(ctx, acc, f: dict, *, preset: str | None, limits: dict | None, password: str) -> None:
    """Everything the wizard's fields ask for, for the new customer ``acc``."""
    web = _on(f, "webdomain", "webdomain_name") or _on(f, "webdomain", "domain")
    if web:
        subscriptions.create(ctx, domain=web, owner_id=acc.id, plan_name=preset, limits=limits)
    elif preset is not None or limits:
        customer_limits.keep(ctx, acc, limits=limits, plan_name=preset)
    mail_domain = _on(f, "emaildomain", "emaildomain_name")
    if mail_domain and validation.domain_name(mail_domain, "emaildomain_name")[1] != \
            (validation.domain_name(web)[1] if web else ""):
        create_mail_domain(ctx, acc, mail_domain)
    ftp_flag = (f.get("ftp_user") or "").strip().lower()
    ftp_name = (f.get("ftp_user_name") or "").strip()
    if ftp_flag == "on" or (ftp_flag != "off" and ftp_name):
        if not ftp_name:
            raise Invalid("ftp_user_name", "is required to create an FTP user")
        subs = subscriptions.list_(ctx, owner_id=acc.id)
        if not subs:
            raise Invalid("ftp_user_name", "an FTP user lives in the user's hosting: give webdomain_name or "
                                           "emaildomain_name as well")
        ftp.create(ctx, subscription=subs[0], login=ftp_name, home="/",
                   password=f.get("ftp_user_passwd") or f.get("ftp_passwd") or password)
    box = _mailbox(f)
    if box is not None:
        mail.create(ctx, domain=domains.get(ctx, name=box[1]), name=box[0],
                    password=f.get("email_passwd") or f.get("email_password") or password)
