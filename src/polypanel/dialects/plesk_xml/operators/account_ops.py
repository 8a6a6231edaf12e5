"""customer and reseller: add, get (gen_info / gen-info, stat), set (incl. status and password), del.

Plesk spells the reseller's blocks with hyphens (``gen-info``, ``cr-date``) and the customer's
with underscores (``gen_info``, ``cr_date``); one set of handlers serves both.
"""
from __future__ import annotations

from polypanel.core import account_profiles, accounts, cascade, subscriptions, webspaces
from polypanel.core.errors import Invalid, NotFound

from ..errors import XmlError
from .common import deleted, fid, filter_of, n, number, spec, text

# XML element -> core profile field
PROFILE = {"cname": "company", "pname": "name", "phone": "phone", "email": "email", "address": "address",
           "city": "city", "state": "state", "pcode": "postal_code", "country": "country", "locale": "locale",
           "external-id": "external_id", "description": "description"}
STATUS_IN = {"0": "active", "16": "suspended", "32": "suspended", "64": "suspended", "256": "suspended"}
STATUS_OUT = {"active": "0", "suspended": "16"}


class Kind:
    def __init__(self, role: str, info: str, cr_date: str):
        self.role, self.info, self.cr_date = role, info, cr_date


CUSTOMER = Kind("customer", "gen_info", "cr_date")
RESELLER = Kind("reseller", "gen-info", "cr-date")


def _status(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if value not in STATUS_IN:
        raise XmlError(1025, f"Wrong status value: {value[:32]}")
    return STATUS_IN[value]


def _profile(info) -> dict:
    return {field: text(info, tag) for tag, field in PROFILE.items() if text(info, tag) is not None}


def _find(ctx, kind: Kind, call, source=accounts):
    """The accounts of this kind the call's filter value names (all visible ones without a filter).

    ``source``: ``accounts`` (ORM rows, to change) or ``account_profiles`` (plain values, to show)."""
    flt = filter_of(call)
    if flt is None or flt[0] == "all":
        return source.list_(ctx, role=kind.role)
    field, value = flt
    if field in ("owner-id", "owner-login") and kind.role == "customer":
        owner = source.get(ctx, id=number(value, field)) if field == "owner-id" else source.get(ctx, login=value)
        return source.list_(ctx, role=kind.role, owner_id=owner.id)
    lookups = {"id": lambda: source.get(ctx, id=number(value, "id")), "login": lambda: source.get(ctx, login=value),
               "guid": lambda: source.get(ctx, guid=value),
               "external-id": lambda: source.get(ctx, external_id=value)}
    if field not in lookups:
        raise XmlError(1014, f"Parser error: <{field[:64]}> is not a filter of <{kind.role}>")
    acc = lookups[field]()
    if acc.role != kind.role:
        raise NotFound(kind.role, value)
    return [acc]


def add(kind: Kind):
    def handler(ctx, call):
        info = call.body.find(kind.info)
        if info is None:
            raise XmlError(1014, f"Parser error: <{kind.info}> is required in <add>")
        owner_id = text(info, "owner-id")
        acc = accounts.create(ctx, role=kind.role, login=text(info, "login", ""), password=text(info, "passwd", ""),
                              owner_login=text(info, "owner-login") or None,
                              owner_id=number(owner_id, "owner-id") if owner_id else None,
                              status=_status(text(info, "status")) or "active", **_profile(info))
        return [[n("id", acc.id), n("guid", acc.guid)]]
    return handler


def _gen_info(kind: Kind, acc) -> object:
    fields = [n(kind.cr_date, acc.created_at.strftime("%Y-%m-%d") if acc.created_at else ""),
              n("cname", acc.company or ""), n("pname", acc.name or ""), n("login", acc.login),
              n("status", STATUS_OUT.get(acc.status, "16")), n("phone", acc.phone or ""), n("fax", ""),
              n("email", acc.email or ""), n("address", acc.address or ""), n("city", acc.city or ""),
              n("state", acc.state or ""), n("pcode", acc.postal_code or ""), n("country", acc.country or ""),
              n("locale", acc.locale or "en-US"), n("guid", acc.guid)]
    if kind.role == "customer" and acc.owner_id is not None:  # as Plesk: the administrator by login, a reseller by id
        fields.append(n("owner-login", acc.owner_login) if acc.owner_role == "admin" else n("owner-id", acc.owner_id))
    fields += [n("vendor-guid", acc.owner_guid or acc.guid), n("external-id", acc.external_id or ""),
               n("description", acc.description or "")]
    return n(kind.info, fields)


def _flag(value) -> str:
    return "true" if value is True or value in ("true", "on", 1) else "false" if value in (False, "false", "off", 0) \
        else str(value)


def _stat(ctx, acc) -> object:
    subs = subscriptions.list_(ctx, owner_id=acc.id)
    counts = {"active_domains": webspaces.active_domain_count(subs), "subdomains": 0, "disk_space": 0,
              "postboxs": 0, "redirects": 0, "mail_groups": 0, "mail_resps": 0, "mail_lists": 0, "web_users": 0,
              "data_bases": 0, "webapps": 0, "traffic": 0, "traffic_prevday": 0}
    for sub in subs:
        usage = webspaces.usage(ctx, sub)
        counts["subdomains"] += usage.get("subdomains", 0)
        counts["postboxs"] += usage.get("mailboxes", 0)
        counts["data_bases"] += usage.get("databases", 0)
    return n("stat", [n(k, v) for k, v in counts.items()])


def get(kind: Kind):
    def handler(ctx, call):
        dataset = call.body.find("dataset")
        wanted = [c.tag for c in dataset if isinstance(c.tag, str)] if dataset is not None else []
        out = []
        for acc in _find(ctx, kind, call, account_profiles):
            data = []
            for tag in wanted:
                if tag in ("gen_info", "gen-info"):
                    data.append(_gen_info(kind, acc))
                elif tag == "stat":
                    data.append(_stat(ctx, acc))
                elif tag == "permissions" and kind.role == "reseller":
                    data.append(n("permissions", [n("permission", [n("name", k), n("value", _flag(v))])
                                                  for k, v in sorted((acc.permissions or {}).items())]))
                elif tag == "limits" and kind.role == "reseller":
                    data.append(n("limits", [n("limit", [n("name", k), n("value", v)])
                                             for k, v in sorted((acc.limits or {}).items())]))
            out.append([*fid(call, acc.id), n("id", acc.id), n("data", data)])
        return out
    return handler


def set_(kind: Kind):
    def handler(ctx, call):
        values = call.body.find("values")
        info = values.find(kind.info) if values is not None else None
        if info is None:
            raise XmlError(1014, f"Parser error: <values><{kind.info}> is required in <set>")
        profile = _profile(info)
        out = []
        for acc in _find(ctx, kind, call):
            accounts.update(ctx, acc, login=text(info, "login") or None, password=text(info, "passwd") or None,
                            status=_status(text(info, "status")), owner_login=text(info, "owner-login") or None,
                            **profile)
            out.append([*fid(call, acc.id), n("id", acc.id)])
        return out
    return handler


def delete(kind: Kind):
    def handler(ctx, call):
        def delete_one(acc):
            if acc.id == ctx.principal.account_id:
                raise Invalid("login", "you may not delete your own account")
            cascade.delete_account(ctx, acc)

        return deleted(call, _find(ctx, kind, call), delete_one)
    return handler


def _operations(kind: Kind) -> dict:
    create = "accounts:create_customer" if kind.role == "customer" else "accounts:create_reseller"
    return {
        "add": spec(f"{kind.role}.add", add(kind), action=create),
        "get": spec(f"{kind.role}.get", get(kind), read_only=True, action="accounts:read", filtered=True),
        "set": spec(f"{kind.role}.set", set_(kind), action="accounts:update", filtered=True),
        "del": spec(f"{kind.role}.del", delete(kind), action="accounts:delete", filtered=True),
    }


CUSTOMER_OPERATIONS = _operations(CUSTOMER)
RESELLER_OPERATIONS = _operations(RESELLER)
