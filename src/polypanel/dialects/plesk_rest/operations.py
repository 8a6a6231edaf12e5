"""The operations of Plesk REST API v2: (method, path) -> handler, by resource in ``*_ops.py``.

Each handler takes the unit of work (``ctx``) and the checked ``Call`` and returns the body;
the status is the operation's documented success code. Rules stay in the core.
"""
from __future__ import annotations

from . import client_ops, domain_ops, hosting_ops, server_ops, session_ops

OPERATIONS = {
    ("POST", "/auth/keys"): server_ops.keys_create,
    ("DELETE", "/auth/keys/{key}"): server_ops.keys_delete,
    ("GET", "/server"): server_ops.server_get,
    ("POST", "/server/init"): server_ops.server_init,
    ("POST", "/server/license"): server_ops.server_license,
    ("POST", "/server/session"): session_ops.server_session,
    ("GET", "/server/ips"): server_ops.server_ips,
    ("GET", "/extensions"): server_ops.extensions_list,
    ("POST", "/extensions"): server_ops.extensions_install,
    ("GET", "/extensions/{id}"): server_ops.extensions_get,
    ("DELETE", "/extensions/{id}"): server_ops.extensions_delete,
    ("PUT", "/extensions/{id}/enable"): server_ops.extensions_enable,
    ("PUT", "/extensions/{id}/disable"): server_ops.extensions_disable,
    ("GET", "/clients"): client_ops.clients_list,
    ("POST", "/clients"): client_ops.clients_create,
    ("GET", "/clients/{id}"): client_ops.clients_get,
    ("PUT", "/clients/{id}"): client_ops.clients_update,
    ("DELETE", "/clients/{id}"): client_ops.clients_delete,
    ("GET", "/clients/{id}/domains"): client_ops.clients_domains,
    ("GET", "/clients/{id}/statistics"): client_ops.clients_statistics,
    ("PUT", "/clients/{id}/activate"): client_ops.clients_activate,
    ("PUT", "/clients/{id}/suspend"): client_ops.clients_suspend,
    ("GET", "/domains"): domain_ops.domains_list,
    ("POST", "/domains"): domain_ops.domains_create,
    ("GET", "/domains/{id}"): domain_ops.domains_get,
    ("PUT", "/domains/{id}"): domain_ops.domains_update,
    ("DELETE", "/domains/{id}"): domain_ops.domains_delete,
    ("GET", "/domains/{id}/client"): domain_ops.domains_client,
    ("GET", "/domains/{id}/status"): domain_ops.domains_status_get,
    ("PUT", "/domains/{id}/status"): domain_ops.domains_status_set,
    ("GET", "/ftpusers"): hosting_ops.ftpusers_list,
    ("POST", "/ftpusers"): hosting_ops.ftpusers_create,
    ("PUT", "/ftpusers/{name}"): hosting_ops.ftpusers_update,
    ("DELETE", "/ftpusers/{name}"): hosting_ops.ftpusers_delete,
    ("GET", "/databases"): hosting_ops.databases_list,
    ("POST", "/databases"): hosting_ops.databases_create,
    ("DELETE", "/databases/{id}"): hosting_ops.databases_delete,
    ("GET", "/dbusers"): hosting_ops.dbusers_list,
    ("POST", "/dbusers"): hosting_ops.dbusers_create,
    ("PUT", "/dbusers/{id}"): hosting_ops.dbusers_update,
    ("DELETE", "/dbusers/{id}"): hosting_ops.dbusers_delete,
    ("GET", "/dbservers"): hosting_ops.dbservers_list,
    ("GET", "/dns/records"): hosting_ops.dns_list,
    ("POST", "/dns/records"): hosting_ops.dns_create,
    ("GET", "/dns/records/{id}"): hosting_ops.dns_get,
    ("PUT", "/dns/records/{id}"): hosting_ops.dns_update,
    ("DELETE", "/dns/records/{id}"): hosting_ops.dns_delete,
}

# Methods some well-known clients send instead of the documented one: (method, path) -> documented method.
ALIASES = {
    ("POST", "/clients/{id}/activate"): "PUT",
    ("POST", "/clients/{id}/suspend"): "PUT",
}
