"""Calling a function on the box, without HTTP or credentials (``mgrctl``): as the superuser, or
as ``su=USER``; the reply in the same ``<doc>`` and ``out`` formats, logged as ``[mgrctl][root]``."""
from __future__ import annotations

from polypanel.core import impersonation

from . import errors, operations, request_log, wire


def call(env, form: dict, out: str = "text") -> tuple[str, bool]:
    """(the reply in ``out``, whether the function succeeded)."""
    lang = errors.lang_of(form.get("lang"))
    func = (form.get("func") or "").strip()
    log = request_log.RequestLog.for_env(env)
    log.request("mgrctl", "root", {**form, "out": out})
    try:
        op = operations.get(func)
        if op is None or op.own_units:
            raise errors.unknown_function(func)
        principal = env.panel.admin(api="ispmgr", source_ip="127.0.0.1")
        su = (form.get("su") or "").strip()
        if su:
            with env.panel.context(principal, read_only=True) as ctx:
                principal = impersonation.act_as(ctx, su)
        from .. import pipeline

        c = pipeline.Call(operation=op, principal=principal, env=env, ip="127.0.0.1", query=form,
                          extra={"func": func, "lang": lang, "one_time_expire": 3600})
        with env.panel.context(principal, read_only=op.read_only) as ctx:
            result = op.handler(ctx, c)
        root = wire.document(func, lang, out, {**form, "out": out}, result)
        ok = True
    except Exception as e:  # noqa: BLE001 - every error is an ISPmanager error document
        root = wire.error_document(lang, errors.from_exception(e, "mgrctl").localized(lang))
        ok = False
    body, _media = wire.render(root, out, func)
    return body.decode("utf-8"), ok


def describe_all(lang: str = "en") -> str:
    return "".join(f"{name}\n" for name in sorted(operations.TABLE))


def describe(func: str, lang: str = "en") -> str | None:
    words = operations.describe(func, lang)
    return None if words is None else f"{func}: {words}\n"
