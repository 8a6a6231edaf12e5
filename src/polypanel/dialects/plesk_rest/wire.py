"""Plesk REST v2 wire format: core objects -> the documented JSON shapes, request values -> core values.

Every serializer emits exactly the keys the spec documents for its schema (the served spec adds
``provisioning`` to the objects the server provisions: see ``spec.ADJUSTMENTS``).
"""
from __future__ import annotations

import math
from importlib import metadata

from polypanel.core import provisioning_state, vocabulary, webspaces
from polypanel.core.errors import Invalid

# What GET /server reports: the Plesk release whose REST API this one matches.
PANEL_VERSION = "18.0.78"
PANEL_UPDATE_VERSION = "0"
PANEL_BUILD_DATE = "2026-01-01"
EXTENSION_VERSION = "1.1.0"
EXTENSION_RELEASE = "1"

CLIENT_STATUS = {"active": 0, "suspended": 16}
STATUS_OF_CODE = {0: "active", 16: "suspended"}
MIB = 1024 * 1024
ALIAS_KINDS = vocabulary.ALIAS_KINDS
SITE_KINDS = vocabulary.SITE_KINDS


def date(value) -> str:
    return value.isoformat()[:10] if value is not None else ""


def status(d: dict) -> dict:
    return {"status": d.get("status", "success")}


def success() -> dict:
    return {"status": "success"}


def created(obj) -> dict:
    return {"id": obj.id, "guid": obj.guid}


# --- clients --------------------------------------------------------------------------------------


def client(acc) -> dict:
    """A client from ``core.account_views.AccountView``."""
    return {
        "id": acc.id,
        "created": date(acc.created_at),
        "name": acc.name or "",
        "company": acc.company or "",
        "login": acc.login,
        "status": CLIENT_STATUS.get(acc.effective_status, 16),
        "email": acc.email or "",
        "locale": acc.locale or "en-US",
        "guid": acc.guid,
        "owner_login": acc.owner_login,
        "external_id": acc.external_id or "",
        "description": acc.description or "",
        "type": acc.role,
    }


def client_status(value) -> str | None:
    """A Plesk status code (0 active, 16 disabled by admin) as the core's status."""
    if value is None:
        return None
    if isinstance(value, bool) or value not in STATUS_OF_CODE:
        raise Invalid("status", "must be 0 (active) or 16 (disabled by the administrator)")
    return STATUS_OF_CODE[value]


CLIENT_PROFILE = ("name", "company", "email", "locale", "external_id", "description")


def client_profile(body: dict) -> dict:
    return {k: body[k] for k in CLIENT_PROFILE if k in body}


def statistics(usages: list[dict], active_domains: int) -> dict:
    total = lambda key: sum(u[key] for u in usages)  # noqa: E731
    return {
        "active_domains": active_domains,
        "subdomains": total("subdomains"),
        "disk_space": 0,
        "email_postboxes": total("mailboxes"),
        "email_redirects": 0,
        "email_response_messages": 0,
        "mailing_lists": 0,
        "databases": total("databases"),
        "traffic": 0,
        "traffic_prevday": 0,
    }


# --- domains --------------------------------------------------------------------------------------


def domain(d) -> dict:
    main = webspaces.main_domain(d.subscription)
    aliases = [a for a in d.subscription.domains if a.kind in ALIAS_KINDS and a.parent_id == d.id]
    return {
        "id": d.id,
        "name": d.name,
        "ascii_name": d.ascii_name,
        "hosting_type": d.hosting_type,
        "base_domain_id": 0 if d.kind == "main" else main.id,
        "www_root": d.document_root,
        "guid": d.guid,
        "created": date(d.created_at),
        "aliases": [{"id": a.id, "name": a.name, "ascii_name": a.ascii_name, "web": True, "dns": True, "mail": True,
                     "seo_redirect": True} for a in aliases],
        "provisioning": provisioning_state.of_domain(d).as_dict(),
    }


def domain_status(d) -> dict:
    if d.kind == "main" and webspaces.effective_status(d.subscription) != "active" and d.status == "active":
        return {"status": "suspended"}
    return {"status": d.status}


# --- hosting objects ------------------------------------------------------------------------------


def quota_bytes(quota_mb: int) -> int:
    return -1 if quota_mb is None or quota_mb < 0 else quota_mb * MIB


def quota_mb(value) -> int | None:
    """A quota in bytes (-1 unlimited) as whole MiB, rounded up."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < -1:
        raise Invalid("quota", "must be -1 (unlimited) or a number of bytes")
    if value == -1:
        return -1
    mb = math.ceil(value / MIB)
    if mb > 2**31 - 1:
        raise Invalid("quota", "is too large")
    return mb


def permission(value) -> bool | None:
    if value is None:
        return None
    if value in ("true", True):
        return True
    if value in ("false", False):
        return False
    raise Invalid("permissions", "read and write must be 'true' or 'false'")


def ftp_user(u) -> dict:
    return {
        "id": u.id,
        "name": u.login,
        "home": u.home,
        "quota": quota_bytes(u.quota_mb),
        "permissions": {"read": "true" if u.can_read else "false", "write": "true" if u.can_write else "false"},
        "parent_domain": webspaces.main_domain(u.subscription).id,
        "provisioning": provisioning_state.of_ftp_user(u).as_dict(),
    }


def database(db) -> dict:
    return {
        "id": db.id,
        "name": db.name,
        "type": db.type,
        "parent_domain": webspaces.main_domain(db.subscription).id,
        "server_id": db.server_id,
        "default_user_id": db.default_user_id or 0,
        "provisioning": provisioning_state.of_database(db).as_dict(),
    }


def database_user(u) -> dict:
    return {"id": u.id, "login": u.login, "database_id": u.database_id or 0,
            "provisioning": provisioning_state.of_database_user(u).as_dict()}


def database_server(srv, db_count: int) -> dict:
    return {
        "id": srv.id,
        "host": srv.host,
        "port": srv.port,
        "type": srv.type,
        "status": srv.status,
        "db_count": db_count,
        "is_default": bool(srv.is_default),
        "is_local": bool(srv.is_local),
    }


# --- DNS ------------------------------------------------------------------------------------------

HOST_TARGETS = vocabulary.HOST_VALUE_TYPES


def dns_record(rec) -> dict:
    value = rec.value
    if rec.type in HOST_TARGETS and not value.endswith(".") and not (rec.type == "PTR" and ":" in value or value.replace(".", "").isdigit()):
        value += "."
    return {
        "id": rec.id,
        "type": rec.type,
        "host": rec.name + ".",
        "value": value,
        "opt": rec.opt or "",
        "ttl": rec.ttl if rec.ttl is not None else rec.zone.ttl,
        "provisioning": provisioning_state.of_record(rec).as_dict(),
    }


def dns_host(zone: str, host) -> str:
    """A record's host as the core takes it: relative, or absolute with a trailing dot.

    A host that already ends with the zone's name is taken as absolute (``www.example.com``
    means ``www.example.com.``, never ``www.example.com.example.com``).
    """
    host = (host or "").strip()
    low = host.lower()
    if low and not low.endswith(".") and (low == zone or low.endswith("." + zone)):
        return host + "."
    return host


# --- server ---------------------------------------------------------------------------------------


def _version() -> str:
    try:
        return metadata.version("polypanel")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0"


def server_meta(hostname: str, guid: str) -> dict:
    return {
        "platform": "Unix",
        "hostname": hostname,
        "guid": guid,
        "panel_version": PANEL_VERSION,
        "panel_revision": f"polypanel-{_version()}",
        "panel_build_date": PANEL_BUILD_DATE,
        "panel_update_version": PANEL_UPDATE_VERSION,
        "extension_version": EXTENSION_VERSION,
        "extension_release": EXTENSION_RELEASE,
    }


def server_ip(ip) -> dict:
    out = {"ipv6" if ":" in ip.address else "ipv4": ip.address}
    out.update({"netmask": ip.netmask, "interface": ip.interface, "type": ip.type})
    return out


def extension(e) -> dict:
    return {"id": e.id, "name": e.name, "version": e.version, "release": e.release, "active": bool(e.active)}
