"""The blocks a webspace (and a plan) carries besides its hosting: ``prefs``, ``performance`` and
``permissions``, read from a request and written from the store."""
from __future__ import annotations

from polypanel.core import plans, webspaces

from ..errors import XmlError
from .common import n, text

PERFORMANCE = ("bandwidth", "max_connections")
MAIL_LIMITS = ("outgoing-messages-mbox-limit", "outgoing-messages-domain-limit", "outgoing-messages-subscription-limit")
PREFS = ("www", "stat_ttl", "outgoing-messages-domain-limit", "icp-status", "icp-permit")


def _fields(el, names: tuple[str, ...], block: str) -> dict:
    out = {}
    for child in el if el is not None else []:
        if not isinstance(child.tag, str):
            continue
        if child.tag not in names:
            raise XmlError(1019, f"<{block}><{str(child.tag)[:64]}> is not supported by this server")
        out[child.tag] = (child.text or "").strip()
    return out


def prefs_in(el) -> dict:
    """``<prefs>`` and ``<performance>`` of a webspace request, as the core's prefs."""
    return {**_fields(el.find("prefs"), PREFS, "prefs"), **_fields(el.find("performance"), PERFORMANCE, "performance")}


def performance_in(el) -> dict:
    return _fields(el.find("performance"), PERFORMANCE, "performance")


def permissions_in(el) -> dict | None:
    """``<permissions><permission><name/><value/></permission>*<revoke-all/>?</permissions>``."""
    block = el.find("permissions") if el is not None else None
    if block is None:
        return None
    out = {name: False for name in plans.PERMISSIONS} if block.find("revoke-all") is not None else {}
    for p in block.findall("permission"):
        out[text(p, "name", "") or ""] = text(p, "value", "") or ""
    return out


def prefs_out(sub) -> object:
    prefs = sub.prefs or {}

    def shown(name):
        value = prefs[name]
        return n(name, ("true" if value else "false") if isinstance(value, bool) else value)

    return n("prefs", [n("www", "true" if webspaces.serves_www(sub) else "false"),
                       *(shown(name) for name in PREFS[1:] if name in prefs)])


def no_mail_limits(el) -> None:
    """A webspace's ``<mail>`` block: outgoing-mail limits with a number are refused (as in prefs);
    the rest of the block is not kept by this server."""
    for child in el.find("mail") if el is not None and el.find("mail") is not None else []:
        if child.tag in MAIL_LIMITS:
            webspaces.check_prefs({"outgoing-messages-domain-limit": (child.text or "").strip()})


def performance_out(values: dict) -> object:
    return n("performance", [n(name, values.get(name, -1)) for name in PERFORMANCE])


def permissions_out(values: dict) -> object:
    return n("permissions", [n("permission", [n("name", k), n("value", "true" if v else "false")])
                             for k, v in values.items()])


def effective_permissions(sub) -> dict:
    """What the plan and the subscription say, with the enforced ones as they take effect."""
    given = {**(sub.plan.permissions if sub.plan is not None else {}), **(sub.permissions or {})}
    return {**given, **{name: webspaces.permitted(sub, name) for name in plans.PERMISSIONS}}


def subscriptions_out(sub) -> object:
    planned = ([sub.plan] if sub.plan is not None else []) + list(sub.addons)
    if not planned:
        return n("subscriptions", "")
    locked = "true" if webspaces.locked(sub) else "false"
    return n("subscriptions", n("subscription", [n("locked", locked), n("synchronized", "true"),
                                                 *(n("plan", n("plan-guid", p.guid)) for p in planned)]))
