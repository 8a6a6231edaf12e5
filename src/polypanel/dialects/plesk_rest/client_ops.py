"""Plesk REST v2: /clients."""
from __future__ import annotations

from polypanel.core import account_views, accounts, cascade, domains, subscriptions, webspaces

from . import wire
from .refs import Call, ident


# --- /clients -------------------------------------------------------------------------------------


def _client(ctx, call: Call):
    return accounts.get(ctx, id=ident(call.path["id"], "account"))


def clients_list(ctx, call: Call):
    return [wire.client(a) for a in account_views.list_(ctx)]


def clients_create(ctx, call: Call):
    b = call.body
    status = wire.client_status(b.get("status"))
    acc = accounts.create(ctx, role=b.get("type", ""), login=b.get("login", ""), password=b.get("password", ""),
                          owner_login=b.get("owner_login") or None, status=status or "active",
                          **wire.client_profile(b))
    return wire.created(acc)


def clients_get(ctx, call: Call):
    return wire.client(account_views.get(ctx, id=ident(call.path["id"], "account")))


def clients_update(ctx, call: Call):
    acc = _client(ctx, call)
    b = call.body
    accounts.update(ctx, acc, login=b.get("login"), password=b.get("password"), status=wire.client_status(b.get("status")),
                    owner_login=b.get("owner_login"), **wire.client_profile(b))
    return wire.created(acc)


def clients_delete(ctx, call: Call):
    acc = _client(ctx, call)
    answer = wire.created(acc)
    cascade.delete_account(ctx, acc)
    return answer


def clients_domains(ctx, call: Call):
    acc = _client(ctx, call)
    return [wire.domain(d) for d in domains.list_(ctx, owner_id=acc.id, kinds=wire.SITE_KINDS)]


def clients_statistics(ctx, call: Call):
    acc = _client(ctx, call)
    subs = subscriptions.list_(ctx, owner_id=acc.id)
    return wire.statistics([webspaces.usage(ctx, s) for s in subs], webspaces.active_domain_count(subs))


def clients_activate(ctx, call: Call):
    accounts.set_status(ctx, _client(ctx, call), "active")
    return wire.success()


def clients_suspend(ctx, call: Call):
    accounts.set_status(ctx, _client(ctx, call), "suspended")
    return wire.success()
