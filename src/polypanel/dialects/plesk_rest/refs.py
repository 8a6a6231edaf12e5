"""What every Plesk REST handler shares: the call, ids from the request, and object references."""
from __future__ import annotations

from polypanel.core import accounts, domains
from polypanel.core.errors import Invalid, NotFound

from ..pipeline import Call
from .spec import MAX_INT

__all__ = ["Call", "ident", "text", "domain_ref", "owner_ref"]


def ident(value, kind: str) -> int:
    """An id from the request; ids the store cannot hold are simply not found."""
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_INT:
        raise NotFound(kind, value)
    return value


def text(value, field: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise Invalid(field, "must be a string")
    return value


def domain_ref(ctx, ref, field: str):
    """A DomainReference: any one of id, guid or name."""
    if not isinstance(ref, dict) or not any(ref.get(k) not in (None, "") for k in ("id", "guid", "name")):
        raise Invalid(field, "give the domain's id, guid or name")
    if ref.get("id") not in (None, ""):
        return domains.get(ctx, id=ident(ref["id"], "domain"))
    if ref.get("guid"):
        return domains.get(ctx, guid=str(ref["guid"]))
    return domains.get(ctx, name=str(ref["name"]))


def owner_ref(ctx, ref, field: str = "owner_client"):
    """An OwnerClientReference: any one of id, login, guid or external_id."""
    if not isinstance(ref, dict) or not any(ref.get(k) not in (None, "") for k in ("id", "login", "guid", "external_id")):
        raise Invalid(field, "give the owner's id, login, guid or external_id")
    if ref.get("id") not in (None, ""):
        return accounts.get(ctx, id=ident(ref["id"], "account"))
    if ref.get("login"):
        return accounts.get(ctx, login=str(ref["login"]))
    if ref.get("guid"):
        return accounts.get(ctx, guid=str(ref["guid"]))
    return accounts.get(ctx, external_id=str(ref["external_id"]))
