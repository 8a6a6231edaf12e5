"""The operators of the Plesk XML API: operator -> operation -> Spec."""
from __future__ import annotations

from . import certificate_ops  # noqa: I001 - kept apart to merge cleanly
from . import (
    account_ops, alias_ops, dns_ops, extra_ops, hosting_ops, misc_ops, plan_ops,
    secret_key_ops, server_ops, session_ops, site_ops,
)
from .common import ECHO_FILTER_TAG, Failed, Spec

OPERATORS: dict[str, dict[str, Spec]] = {
    "server": server_ops.OPERATIONS,
    "secret_key": secret_key_ops.OPERATIONS,
    "dns": dns_ops.OPERATIONS,
    "customer": account_ops.CUSTOMER_OPERATIONS,
    "reseller": account_ops.RESELLER_OPERATIONS,
    "webspace": site_ops.WEBSPACE_OPERATIONS,
    "site": site_ops.SITE_OPERATIONS,
    "subdomain": alias_ops.SUBDOMAIN_OPERATIONS,
    "site-alias": alias_ops.ALIAS_OPERATIONS,
    "service-plan": plan_ops.PLAN_OPERATIONS,
    "service-plan-addon": plan_ops.ADDON_OPERATIONS,
    "ip": plan_ops.IP_OPERATIONS,
    "session": session_ops.OPERATIONS,
    "mail": hosting_ops.MAIL_OPERATIONS,
    "database": hosting_ops.DATABASE_OPERATIONS,
    "db_server": hosting_ops.DB_SERVER_OPERATIONS,
    "ftp-user": hosting_ops.FTP_OPERATIONS,
    "event_log": misc_ops.EVENT_LOG_OPERATIONS,
    "locale": misc_ops.LOCALE_OPERATIONS,
    "certificate": certificate_ops.OPERATIONS,
    "extension": {**misc_ops.EXTENSION_OPERATIONS, "call": extra_ops.spec("extension.call", extra_ops.extension_call,
                                                                          action="extensions:read")},
    "protected-dir": extra_ops.PROTECTED_DIR_OPERATIONS,
    "php-handler": extra_ops.PHP_HANDLER_OPERATIONS,
    "ui": extra_ops.UI_OPERATIONS,
}

__all__ = ["ECHO_FILTER_TAG", "OPERATORS", "Failed", "Spec"]
