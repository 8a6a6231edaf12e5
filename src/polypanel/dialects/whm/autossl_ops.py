"""WHM AutoSSL: start_autossl_check_for_one_user, start_autossl_check_for_all_users,
get_autossl_providers, get_autossl_problems_for_user, and the user exclusions
(get_/add_/remove_/set_autossl_user_excluded_domains), over core.autossl.

cPanel forks ``autossl_check`` and answers with its process ID (``data.pid``); here a check is a
queued run of the panel's background worker, and ``pid`` is that run's ID.
"""
from __future__ import annotations

from polypanel.core import autossl, hosting_accounts
from polypanel.core.errors import Conflict

from ..cpanel.autossl_ops import iso
from .wire import Failure, Outcome


def _source(call):
    return call.env.panel.certificate_source


def _user(ctx, call):
    user = call.query.text("username").strip()
    if not user:
        raise Failure("No username was specified.")
    return hosting_accounts.find(ctx, user)


def start_autossl_check_for_one_user(ctx, call) -> Outcome:
    sub = _user(ctx, call)
    try:
        runs = autossl.request(ctx, [sub], _source(call))
    except Conflict as e:
        raise Failure(f"API failure: {e.message}") from None
    return Outcome(data={"pid": runs[0].id})


def start_autossl_check_for_all_users(ctx, call) -> Outcome:
    if _source(call) is None:
        raise Failure(f"API failure: {autossl.DISABLED}")
    subs = [s for s in hosting_accounts.list_(ctx) if autossl.in_progress(ctx, s) is None]
    runs = autossl.request(ctx, subs, _source(call)) if subs else []
    return Outcome(data={"pid": runs[0].id if runs else 0})


def get_autossl_providers(_ctx, call) -> Outcome:
    from polypanel.core import certificate_authority

    source = _source(call)
    module = getattr(source, "module_name", "PolypanelLocalCA")
    name = getattr(source, "display_name", "polypanel local certificate authority")
    days = getattr(source, "validity_days", certificate_authority.LEAF_DAYS)
    return Outcome(data={"payload": [{
        "display_name": name, "enabled": int(source is not None), "module_name": module,
        "specs": {"AVERAGE_DELIVERY_TIME": 0, "DCV_METHODS": [], "DELIVERY_METHOD": "api", "HTTP_DCV_MAX_REDIRECTS": 0,
                  "MAX_DOMAINS_PER_CERTIFICATE": getattr(source, "max_domains", certificate_authority.MAX_NAMES),
                  "RATE_LIMIT_CERTIFICATES_PER_REGISTERED_DOMAIN_PER_WEEK": 0, "SUPPORTS_ANCESTOR_DCV": 0,
                  "SUPPORTS_WILDCARD": 0, "VALIDITY_PERIOD": days * 86400}}]})


def get_autossl_problems_for_user(ctx, call) -> Outcome:
    sub = _user(ctx, call)
    run = autossl.last_run(ctx, sub)
    log = iso(run.started_at or run.requested_at) if run is not None else ""
    return Outcome(data={"problems_by_domain": [{"domain": p.domain, "log": log, "problem": p.problem, "time": iso(p.at)}
                                                for p in autossl.problems(ctx, sub)]})


def _domains(call, required: bool = True) -> list[str]:
    names = [n.strip() for n in call.query.many("domain")[:autossl.MAX_EXCLUSIONS + 1] if n.strip()]
    if required and not names:
        raise Failure("No domains specified.")
    return names


def get_autossl_user_excluded_domains(ctx, call) -> Outcome:
    return Outcome(data={"payload": [{"excluded_domain": d} for d in autossl.excluded(ctx, _user(ctx, call))]})


def add_autossl_user_excluded_domains(ctx, call) -> Outcome:
    autossl.add_excluded(ctx, _user(ctx, call), _domains(call))
    return Outcome()


def remove_autossl_user_excluded_domains(ctx, call) -> Outcome:
    autossl.remove_excluded(ctx, _user(ctx, call), _domains(call))
    return Outcome()


def set_autossl_user_excluded_domains(ctx, call) -> Outcome:
    sub = _user(ctx, call)
    names = _domains(call, required=False)
    autossl.remove_excluded(ctx, sub, autossl.excluded(ctx, sub))
    if names:
        autossl.add_excluded(ctx, sub, names)
    return Outcome()


# (name, handler, WHM ACL, read-only) rows of the function table (whm/functions.py). Checks and
# exclusions of one account: the ``ssl`` privilege (a reseller on its own accounts); the whole
# server's check and the provider list: root's, as WHM's Manage AutoSSL is.
FUNCTIONS = (
    ("start_autossl_check_for_one_user", start_autossl_check_for_one_user, "ssl", False),
    ("start_autossl_check_for_all_users", start_autossl_check_for_all_users, "all", False),
    ("get_autossl_providers", get_autossl_providers, "all", True),
    ("get_autossl_problems_for_user", get_autossl_problems_for_user, "ssl", True),
    ("get_autossl_user_excluded_domains", get_autossl_user_excluded_domains, "ssl", True),
    ("add_autossl_user_excluded_domains", add_autossl_user_excluded_domains, "ssl", False),
    ("remove_autossl_user_excluded_domains", remove_autossl_user_excluded_domains, "ssl", False),
    ("set_autossl_user_excluded_domains", set_autossl_user_excluded_domains, "ssl", False),
)
