"""Users, resellers, administrators, presets and the caller's own settings.

An ISPmanager user is a customer; its hosting is its (first) subscription, created with its first
web domain. A preset is a core plan.
"""
from __future__ import annotations

from polypanel.core import account_views, accounts, cascade, customer_limits, hosting_views, plans, subscriptions
from polypanel.core.errors import Forbidden, Invalid, NotFound

from . import user_setup
from .form import elids
from .wire import CUSTOM_PRESET, USER_LIMITS, Form, Ok, Rows, level, limits_from_form, limits_to_form, on_off

ROLE_OF = {"user": "customer", "reseller": "reseller", "admin": "admin"}


def _first_subscriptions(ctx) -> dict[int, object]:
    out: dict[int, object] = {}
    for sub in subscriptions.list_(ctx):
        out.setdefault(sub.owner_id, sub)
    return out


def _row(view, sub: hosting_views.SubscriptionView | None) -> dict:
    row = {"id": view.id, "name": view.login, "fullname": view.name, "owner": view.owner_login or "root",
           "active": on_off(view.effective_status == "active"), "level": level(view.role), "email": view.email}
    if view.effective_status != "active":
        row["disabled"] = True
    if sub is not None:
        row["preset"] = sub.plan_name if sub.plan_id is not None else CUSTOM_PRESET
        row.update(limits_to_form(sub.limits, USER_LIMITS))
    return row


def _list(kind: str):
    def handler(ctx, _call):
        subs = hosting_views.first_subscriptions(ctx)
        views = account_views.list_(ctx, role=ROLE_OF[kind])
        return Rows([_row(v, subs.get(v.id)) for v in views])
    return handler


def _check_password(f: dict, required: bool) -> str | None:
    password = f.get("passwd")
    if password is None or password == "":
        if required:
            raise Invalid("password", "is required")
        return None
    if "confirm" in f and f["confirm"] != password:
        raise Invalid("password", "the password and its confirmation differ")
    return password


def _preset(f: dict) -> str | None:
    value = (f.get("preset") or "").strip()
    return None if not value or value == CUSTOM_PRESET else value


def _create(ctx, f: dict, role: str) -> Ok:
    login = (f.get("name") or "").strip()
    password = _check_password(f, required=True)
    limits = limits_from_form(f)
    email = user_setup.contact_email(f) if role == "customer" else (f.get("email") or "")
    acc = accounts.create(ctx, role=role, login=login, password=password, owner_login=(f.get("owner") or None),
                          name=(f.get("fullname") or login).strip() or login, email=email,
                          limits=limits if role == "reseller" and limits else None)
    if role == "customer":
        hosting = {k: v for k, v in (limits or {}).items() if k != "max_customers"} or None
        user_setup.set_up(ctx, acc, f, preset=_preset(f), limits=hosting, password=password)
    return Ok(id=acc.login)


def _form(ctx, kind: str, elid: str) -> Form:
    choices = [(p.name, p.name) for p in plans.list_(ctx)] if kind == "user" else []
    slists = {"preset": [(CUSTOM_PRESET, "Custom")] + choices} if kind == "user" else {}
    if not elid:
        return Form({"name": "", "fullname": "", "preset": CUSTOM_PRESET, **limits_to_form({})}, slists)
    view = account_views.get(ctx, login=elid)
    if view.role != ROLE_OF[kind]:
        raise NotFound("account", elid)
    sub = hosting_views.first_subscriptions(ctx).get(view.id)
    fields = {"elid": view.login, **_row(view, sub)}
    fields.pop("id", None)
    if kind == "reseller":
        fields.update(limits_to_form(accounts.get(ctx, id=view.id).limits))
    elif sub is None:  # a user without hosting: the limits and preset kept for it
        plan, kept = customer_limits.kept(ctx, accounts.get(ctx, id=view.id))
        fields["preset"] = plan.name if plan else CUSTOM_PRESET
        fields.update(limits_to_form({**(plan.limits if plan else {}), **kept}, USER_LIMITS))
    return Form(fields, slists)


def _update(ctx, kind: str, elid: str, f: dict) -> Ok:
    acc = accounts.get(ctx, login=elid)
    if acc.role != ROLE_OF[kind]:
        raise NotFound("account", elid)
    limits = limits_from_form(f)
    accounts.update(ctx, acc, password=_check_password(f, required=False),
                    name=(f.get("fullname") or None), email=f.get("email"),
                    limits=limits if kind == "reseller" else None)
    if kind == "user":
        sub = _first_subscriptions(ctx).get(acc.id)
        preset = _preset(f)
        if sub is not None and (preset is not None or limits):
            subscriptions.update(ctx, sub, plan_name=preset, limits=limits)
        elif sub is None and (preset is not None or limits):  # kept until the user gets hosting
            customer_limits.keep(ctx, acc, limits=limits, plan_name=preset)
    return Ok(id=acc.login)


def _edit(kind: str):
    role = ROLE_OF[kind]

    def handler(ctx, call):
        f = call.query
        elid = (f.get("elid") or "").strip()
        if not f.get("sok"):
            return _form(ctx, kind, elid)
        return _update(ctx, kind, elid, f) if elid else _create(ctx, f, role)
    return handler


def user_add_finish(ctx, call):
    return _create(ctx, call.query, "customer")


def _group(kind: str, action: str):
    def handler(ctx, call):
        names = elids(call.query.get("elid"))
        if not names:
            raise Invalid("elid", "is required")
        for name in names:
            acc = accounts.get(ctx, login=name)
            if acc.role != ROLE_OF[kind]:
                raise NotFound("account", name)
            if action == "delete":
                cascade.delete_account(ctx, acc)
            else:
                accounts.set_status(ctx, acc, "suspended" if action == "suspend" else "active")
        return Ok()
    return handler


def preset_list(ctx, _call):
    return Rows([{"id": p.id, "name": p.name, **limits_to_form(p.limits)} for p in plans.list_(ctx)])


def preset_edit(ctx, call):
    f = call.query
    elid = (f.get("elid") or "").strip()
    if not f.get("sok"):
        if not elid:
            return Form({"name": "", **limits_to_form({})})
        p = plans.get(ctx, name=elid)
        return Form({"elid": p.name, "name": p.name, **limits_to_form(p.limits)})
    limits = limits_from_form(f)
    if elid:
        p = plans.update(ctx, plans.get(ctx, name=elid), name=(f.get("name") or "").strip() or None, limits=limits)
    else:
        p = plans.create(ctx, name=f.get("name") or "", limits=limits)
    return Ok(id=p.name)


def preset_delete(ctx, call):
    for name in elids(call.query.get("elid")):
        plans.delete(ctx, plans.get(ctx, name=name))
    return Ok()


def usrparam(ctx, call):
    """The caller's own settings (``su=USER`` for another's): a new password with ``sok``."""
    f = call.query
    acc = accounts.get(ctx, id=ctx.principal.account_id)
    if not f.get("sok"):
        return Form({"name": acc.login, "email": acc.email, "fullname": acc.name})
    if acc.role == "admin" and ctx.principal.actor_id != acc.id:
        raise Forbidden("You may not change the administrator's settings")
    accounts.update(ctx, acc, password=_check_password(f, required=False), email=f.get("email"))
    return Ok()


OPERATIONS = {
    "user": (_list("user"), True), "user.edit": (_edit("user"), False), "user.add": (_edit("user"), False),
    "user.add.finish": (user_add_finish, False),
    "reseller": (_list("reseller"), True), "reseller.edit": (_edit("reseller"), False),
    "admin": (_list("admin"), True),
    "preset": (preset_list, True), "preset.edit": (preset_edit, False), "preset.delete": (preset_delete, False),
    "usrparam": (usrparam, False),
}
for _kind in ("user", "reseller"):
    for _action in ("delete", "suspend", "resume"):
        OPERATIONS[f"{_kind}.{_action}"] = (_group(_kind, _action), False)
OPERATIONS["user.disable"] = OPERATIONS["user.suspend"]  # ISPmanager 4 names
OPERATIONS["user.enable"] = OPERATIONS["user.resume"]
