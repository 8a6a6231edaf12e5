"""Email: list_pops, add_pop, delete_pop, passwd_pop, edit_pop_quota, get_pop_quota, and forwarders."""
from __future__ import annotations

from polypanel.core import mail

from ..whm.wire import Failure
from .domain_ops import account


def _domain(sub, name: str | None):
    main = next(d for d in sub.domains if d.kind == "main")
    if not name:
        return main
    name = name.strip().lower()
    for d in sub.domains:
        if d.ascii_name == name:
            return d
    raise Failure(f"The domain “{name[:255]}” does not belong to this account.")


def _address(call, sub):
    email = call.query.text("email").strip()
    if not email:
        raise Failure("You must specify the “email” parameter.")
    local, at, domain = email.partition("@")
    d = _domain(sub, domain if at else call.query.text("domain"))
    return local, d


def _mailbox(ctx, call):
    sub = account(ctx, call)
    local, d = _address(call, sub)
    return mail.get(ctx, address=f"{local}@{d.ascii_name}")


def _quota(call) -> int:
    value = call.query.text("quota").strip().lower()
    if value in ("", "0", "unlimited"):
        return -1
    if not value.isdigit() or len(value) > 9:
        raise Failure("The quota must be a positive integer or “unlimited”.")
    return int(value)


def list_pops(ctx, call):
    sub = account(ctx, call)
    items = [{"email": f"{mb.local_part}@{mb.domain.ascii_name}", "login": f"{mb.local_part}@{mb.domain.ascii_name}",
              "suspended_incoming": 0, "suspended_login": int(not mb.enabled)}
             for mb in mail.list_(ctx, subscription_id=sub.id) if mb.password_hash]
    regex = call.query.text("regex").strip().lower()
    if regex:
        items = [i for i in items if regex in i["email"]]  # a plain substring: never run as a pattern
    if not call.query.flag("skip_main"):
        items.append({"email": sub.system_user, "login": sub.system_user, "suspended_incoming": 0,
                      "suspended_login": 0})
    from .wire import UapiResult
    return UapiResult(items, metadata={"transformed": 1})


def add_pop(ctx, call):
    sub = account(ctx, call)
    local, d = _address(call, sub)
    password = call.query.text("password")
    if not password:
        raise Failure("You must specify the “password” parameter.")
    mb = mail.create(ctx, domain=d, name=local, password=password, quota_mb=_quota(call))
    return f"{mb.local_part}+{d.ascii_name}"


def delete_pop(ctx, call):
    mail.delete(ctx, _mailbox(ctx, call))
    return None


def passwd_pop(ctx, call):
    password = call.query.text("password")
    if not password:
        raise Failure("You must specify the “password” parameter.")
    mail.update(ctx, _mailbox(ctx, call), password=password)
    return None


def edit_pop_quota(ctx, call):
    mail.update(ctx, _mailbox(ctx, call), quota_mb=_quota(call))
    return None


def get_pop_quota(ctx, call):
    mb = _mailbox(ctx, call)
    return "unlimited" if mb.quota_mb < 0 else mb.quota_mb


# -- forwarders: a mailbox's forwarding list (an address that only forwards has no password) --


def add_forwarder(ctx, call):
    sub = account(ctx, call)
    q = call.query
    domain = q.text("domain").strip()
    local, at, dom = q.text("email").strip().partition("@")
    d = _domain(sub, dom if at else domain)
    if not local:
        raise Failure("You must specify the “email” parameter.")
    if q.text("fwdopt", default="fwd") != "fwd":
        raise Failure("Only “fwd” forwarders (to an address) are supported.")
    target = q.text("fwdemail").strip()
    if not target:
        raise Failure("You must specify the “fwdemail” parameter.")
    address = f"{local.lower()}@{d.ascii_name}"
    try:
        mb = mail.get(ctx, address=address)
    except Exception as e:
        if getattr(e, "kind", None) != "mailbox":
            raise
        mb = None
    if mb is None:
        import secrets
        mb = mail.create(ctx, domain=d, name=local, password=secrets.token_urlsafe(24) + "Aa1!", forwards=[target])
        mb.password_hash = ""  # forward only: no login
    elif target not in (mb.forwards or []):
        mail.update(ctx, mb, forwards=list(mb.forwards or []) + [target])
    return [{"email": address, "forward": target, "domain": d.ascii_name}]


def list_forwarders(ctx, call):
    sub = account(ctx, call)
    domain = call.query.text("domain").strip().lower()
    out = []
    for mb in mail.list_(ctx, subscription_id=sub.id):
        if domain and mb.domain.ascii_name != domain:
            continue
        for target in mb.forwards or []:
            address = f"{mb.local_part}@{mb.domain.ascii_name}"
            out.append({"dest": address, "forward": target, "html_dest": address, "html_forward": target,
                        "uri_dest": address.replace("@", "%40"), "uri_forward": target.replace("@", "%40")})
    return out


def delete_forwarder(ctx, call):
    sub = account(ctx, call)
    address = call.query.text("address").strip().lower()
    target = call.query.text("forwarder").strip()
    local, _, dom = address.partition("@")
    d = _domain(sub, dom)
    mb = mail.get(ctx, address=f"{local}@{d.ascii_name}")
    if target not in (mb.forwards or []):
        raise Failure(f"The forwarder “{address}” to “{target}” does not exist.")
    rest = [f for f in mb.forwards if f != target]
    if not rest and not mb.password_hash:
        mail.delete(ctx, mb)
    else:
        mail.update(ctx, mb, forwards=rest)
    return None
