"""Plesk REST v2: /auth/keys, /server and /extensions."""
from __future__ import annotations

from polypanel.auth import keys
from polypanel.core import accounts, extensions, host, ips
from polypanel.core.errors import Invalid

from . import auth, wire
from .refs import Call, text


# --- /auth/keys -----------------------------------------------------------------------------------


def keys_create(ctx, call: Call):
    auth.require_password(call.principal)
    login = text(call.field("login"), "login")
    if login and accounts.is_admin_alias(login):
        login = None
    ip_list = []
    if call.field("ip"):
        ip_list.append(text(call.field("ip"), "ip"))
    ip_list += call.field("ips") or []
    try:
        _row, key = keys.create(ctx, login=login or None, ips=ip_list or None,
                                description=text(call.field("description"), "description") or "")
    except Invalid as e:
        raise Invalid("ip" if e.field == "ip_address" else e.field, e.reason) from None
    return {"key": key}


def keys_delete(ctx, call: Call):
    keys.delete(ctx, call.path["key"])
    return wire.success()


# --- /server, /extensions -------------------------------------------------------------------------


def server_get(ctx, call: Call):
    return wire.server_meta(host.hostname(ctx), host.guid(ctx))


def server_init(ctx, call: Call):
    host.initialize(ctx, admin=call.field("admin"), password=call.field("password"),
                    server_name=text(call.field("server_name"), "server_name"))
    return wire.success()


def server_license(ctx, call: Call):
    host.install_license(ctx, key=text(call.field("key"), "key"), code=text(call.field("code"), "code"),
                         additional=bool(call.field("additional", False)))
    return wire.success()


def server_ips(ctx, call: Call):
    return [wire.server_ip(ip) for ip in ips.list_(ctx)]


def extensions_list(ctx, call: Call):
    return [wire.extension(e) for e in extensions.list_(ctx)]


def extensions_install(ctx, call: Call):
    extensions.install(ctx, ext_id=call.field("id"), url=call.field("url"), file=call.field("file"))
    return wire.success()


def extensions_get(ctx, call: Call):
    return wire.extension(extensions.get(ctx, call.path["id"]))


def extensions_delete(ctx, call: Call):
    extensions.remove(ctx, call.path["id"])
    return wire.success()


def extensions_enable(ctx, call: Call):
    extensions.set_active(ctx, call.path["id"], True)
    return wire.success()


def extensions_disable(ctx, call: Call):
    extensions.set_active(ctx, call.path["id"], False)
    return wire.success()
