"""Plesk's command-line utilities (``plesk bin <utility> ...``) over the core, one module per utility.

Each utility is ``(state, args, out, err) -> exit code`` (``base.Utility``), where ``state`` gives
``context()`` (a unit of work acting as the caller) and ``environ``. The same utilities serve the
``plesk`` command on the box and the REST API's CLI gateway (``/api/v2/cli/{id}/call``), so both
say and do the same, and neither does more than the caller may do through the REST or XML API.
"""
from __future__ import annotations

from .admin import admin
from .certificate import certificate
from .clients import customer, reseller
from .database import database
from .dns import dns_utility
from .domain import domain, site
from .domalias import domalias
from .extension import extension
from .ftpsubaccount import ftpsubaccount
from .ip_pool import ip_pool
from .mail import mail_utility
from .secret_key import secret_key
from .server_pref import server_pref
from .service_plan import service_plan
from .subdomain import subdomain
from .subscription import subscription

UTILITIES = {u.name: u for u in (
    subscription, customer, reseller, domain, site, subdomain, domalias, dns_utility, mail_utility, database,
    ftpsubaccount, service_plan, ip_pool, secret_key, admin, server_pref, extension, certificate,
)}
