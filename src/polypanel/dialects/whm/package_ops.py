"""Packages (core plans): listpkgs, getpkginfo, addpkg, editpkg, killpkg."""
from __future__ import annotations

from polypanel.core import hosting_accounts, plans

from .account_ops import require
from .wire import Failure, Outcome

# package key (cPanel's upper-case name) -> (addpkg parameter, core limit)
LIMITS = {"QUOTA": ("quota", "disk_space_mb"), "BWLIMIT": ("bwlimit", "traffic_mb"), "MAXFTP": ("maxftp", "max_ftp_users"),
          "MAXPOP": ("maxpop", "max_mailboxes"), "MAXSQL": ("maxsql", "max_databases"),
          "MAXSUB": ("maxsub", "max_subdomains"), "MAXPARK": ("maxpark", "max_aliases"),
          "MAXADDON": ("maxaddon", "max_domains")}
FLAGS = {"CGI": ("cgi", 1), "HASSHELL": ("hasshell", 0), "IP": ("ip", 0)}
TEXTS = {"FEATURELIST": ("featurelist", "default"), "CPMOD": ("cpmod", "jupiter"), "LANG": ("language", "en")}


def _number(value) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        return -1
    return n


def _listing(plan) -> dict:
    limits, hosting = plan.limits or {}, plan.hosting or {}
    out = {"name": plan.name}
    for key, (_param, limit) in LIMITS.items():
        n = _number(limits.get(limit, -1))
        out[key] = "unlimited" if n < 0 else str(n)
    out["MAXLST"] = "unlimited"
    for key, (param, default) in FLAGS.items():
        out[key] = "y" if int(hosting.get(f"whm_{param}", default)) else "n"
    for key, (param, default) in TEXTS.items():
        out[key] = str(hosting.get(f"whm_{param}", default))
    out.update({"MAX_EMAIL_PER_HOUR": "unlimited", "MAX_DEFER_FAIL_PERCENTAGE": "unlimited",
                "MAX_EMAILACCT_QUOTA": "unlimited", "DIGESTAUTH": "n", "_PACKAGE_EXTENSIONS": ""})
    return out


def _info(plan) -> dict:
    limits, hosting = plan.limits or {}, plan.hosting or {}
    out = {}
    for key, (_param, limit) in LIMITS.items():
        n = _number(limits.get(limit, -1))
        out[key] = None if n < 0 else n
    out["MAXLST"] = None
    for key, (param, default) in FLAGS.items():
        out[key] = int(hosting.get(f"whm_{param}", default))
    for key, (param, default) in TEXTS.items():
        out[key] = str(hosting.get(f"whm_{param}", default))
    out.update({"FRONTPAGE": 0, "MAX_EMAIL_PER_HOUR": None, "MAX_DEFER_FAIL_PERCENTAGE": None,
                "MAX_EMAILACCT_QUOTA": None, "DIGESTAUTH": 0})
    return out


def listpkgs(ctx, _call) -> Outcome:
    rows = sorted(hosting_accounts.usable_plans(ctx), key=lambda p: p.name)
    return Outcome(data={"pkg": [_listing(p) for p in rows]})


def getpkginfo(ctx, call) -> Outcome:
    plan = hosting_accounts.plan(ctx, require(call, "pkg"))
    return Outcome(data={"pkg": _info(plan)})


def _values(call) -> tuple[dict, dict]:
    q = call.query
    limits, hosting = {}, {}
    for _key, (param, limit) in LIMITS.items():
        if param in q:
            value = q[param].strip().lower()
            if value in ("", "unlimited"):
                limits[limit] = -1
            elif value.isdigit() and len(value) <= 12:
                limits[limit] = int(value)
            else:
                raise Failure(f"API failure: The value of “{param}” must be a whole number or “unlimited”.")
    for _key, (param, _default) in FLAGS.items():
        if param in q:
            hosting[f"whm_{param}"] = int(q.flag(param))
    for _key, (param, _default) in TEXTS.items():
        if param in q:
            value = q[param].strip()
            if len(value) > 64:
                raise Failure(f"API failure: The value of “{param}” is too long.")
            hosting[f"whm_{param}"] = value
    return limits, hosting


def addpkg(ctx, call) -> Outcome:
    name = require(call, "name", "pkgname")
    if len(name) > 64 or any(c in name for c in "/\\\0\n\r"):
        raise Failure(f"API failure: “{name[:64]}” is not a valid package name.")
    limits, hosting = _values(call)
    plan = plans.create(ctx, name=name, limits=limits, hosting=hosting)
    return Outcome(data={"pkg": plan.name}, reason=f"You have successfully created the package “{plan.name}”.")


def editpkg(ctx, call) -> Outcome:
    name = require(call, "name", "pkgname")
    plan = plans.get(ctx, name=name)
    limits, hosting = _values(call)
    plans.update(ctx, plan, limits=limits, hosting=hosting)
    return Outcome(data={"pkg": plan.name}, reason=f"You have successfully modified the package “{plan.name}”.")


def killpkg(ctx, call) -> Outcome:
    name = require(call, "pkgname", "pkg", "name")
    plans.delete(ctx, plans.get(ctx, name=name))
    return Outcome(reason=f"The package “{name}” has been deleted.")


def pkg_v0(out: Outcome) -> dict:
    item = {"status": out.result, "statusmsg": out.reason}
    if out.data:
        item["pkg"] = out.data.get("pkg")
    return {"result": [item]}
