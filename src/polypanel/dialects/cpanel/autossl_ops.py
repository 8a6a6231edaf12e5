"""SSL (AutoSSL): UAPI start_autossl_check, is_autossl_check_in_progress, get_autossl_problems,
get_autossl_excluded_domains, add_/remove_/set_autossl_excluded_domains (core.autossl).

``start_autossl_check`` returns at once (``data: null``), as cPanel does, and the check runs in the
background over the panel's own certificate source; ``is_autossl_check_in_progress`` and
``get_autossl_problems`` show how it went.
"""
from __future__ import annotations

import calendar
import re

from polypanel.core import autossl
from polypanel.core.errors import Conflict

from ..whm.wire import Failure
from .domain_ops import account

MAX_DOMAINS_TEXT = 64 * 1024
_SPLIT = re.compile(r"[,\s;|]+")


def iso(dt) -> str:
    """cPanel's ISO 8601 form of a time (``2017-08-19T13:41:04Z``)."""
    return f"{dt:%Y-%m-%dT%H:%M:%S}Z"


def epoch(dt) -> int:
    return int(calendar.timegm(dt.timetuple()))


def source(call):
    return call.env.panel.certificate_source


def domains_param(call, *, required: bool = True) -> list[str]:
    raw = call.query.text("domains")
    if len(raw) > MAX_DOMAINS_TEXT:
        raise Failure(f"The “domains” parameter is too long (at most {MAX_DOMAINS_TEXT // 1024} KB).")
    names = [n for n in _SPLIT.split(raw.strip()) if n]
    if required and not names:
        raise Failure("You must specify at least one domain in the “domains” parameter.")
    if len(names) > autossl.MAX_EXCLUSIONS:
        raise Failure(f"You may specify at most {autossl.MAX_EXCLUSIONS} domains.")
    return names


def start_autossl_check(ctx, call):
    try:
        autossl.request(ctx, [account(ctx, call)], source(call))
    except Conflict as e:
        raise Failure(e.message) from None
    return None


def is_autossl_check_in_progress(ctx, call):
    return int(autossl.in_progress(ctx, account(ctx, call)) is not None)


def get_autossl_problems(ctx, call):
    return [{"domain": p.domain, "problem": p.problem, "time": iso(p.at)}
            for p in autossl.problems(ctx, account(ctx, call))]


def get_autossl_excluded_domains(ctx, call):
    return [{"excluded_domain": d} for d in autossl.excluded(ctx, account(ctx, call))]


def add_autossl_excluded_domains(ctx, call):
    autossl.add_excluded(ctx, account(ctx, call), domains_param(call))
    return None


def remove_autossl_excluded_domains(ctx, call):
    autossl.remove_excluded(ctx, account(ctx, call), domains_param(call))
    return None


def set_autossl_excluded_domains(ctx, call):
    """Replaces the list; without ``domains`` every domain is AutoSSL's again."""
    sub = account(ctx, call)
    names = domains_param(call, required=False)
    autossl.remove_excluded(ctx, sub, autossl.excluded(ctx, sub))
    if names:
        autossl.add_excluded(ctx, sub, names)
    return None


# (module, function, handler, read-only) rows of the function tables (cpanel/functions.py)
UAPI = (
    ("SSL", "start_autossl_check", start_autossl_check, False),
    ("SSL", "is_autossl_check_in_progress", is_autossl_check_in_progress, True),
    ("SSL", "get_autossl_problems", get_autossl_problems, True),
    ("SSL", "get_autossl_excluded_domains", get_autossl_excluded_domains, True),
    ("SSL", "add_autossl_excluded_domains", add_autossl_excluded_domains, False),
    ("SSL", "remove_autossl_excluded_domains", remove_autossl_excluded_domains, False),
    ("SSL", "set_autossl_excluded_domains", set_autossl_excluded_domains, False),
)
