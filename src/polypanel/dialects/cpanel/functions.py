"""The cPanel-side function tables: UAPI (Module, function) and API 2 (Module, func)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import pipeline
from . import dns_ops, domain_ops, dynamicdns_ops, email_api2_ops, email_ops, ftp_ops, mysql_ops, subdomain_ops, token_ops
from . import autossl_ops, ssl_keys_ops, ssl_ops


@dataclass(frozen=True)
class Function:
    module: str
    name: str
    handler: object
    read_only: bool = False
    operation: pipeline.Operation = field(init=False, compare=False)

    def __post_init__(self):
        op = pipeline.Operation(name=f"{self.module}::{self.name}", handler=self.handler, read_only=self.read_only)
        object.__setattr__(self, "operation", op)


def _table(rows) -> dict:
    return {(f.module, f.name): f for f in rows}


UAPI = _table([
    Function("DomainInfo", "list_domains", domain_ops.list_domains, True),
    Function("DomainInfo", "domains_data", domain_ops.domains_data, True),
    Function("DomainInfo", "single_domain_data", domain_ops.single_domain_data, True),
    Function("Email", "list_pops", email_ops.list_pops, True),
    Function("Email", "add_pop", email_ops.add_pop),
    Function("Email", "delete_pop", email_ops.delete_pop),
    Function("Email", "passwd_pop", email_ops.passwd_pop),
    Function("Email", "edit_pop_quota", email_ops.edit_pop_quota),
    Function("Email", "get_pop_quota", email_ops.get_pop_quota, True),
    Function("Email", "add_forwarder", email_ops.add_forwarder),
    Function("Email", "list_forwarders", email_ops.list_forwarders, True),
    Function("Email", "delete_forwarder", email_ops.delete_forwarder),
    Function("Mysql", "create_database", mysql_ops.create_database),
    Function("Mysql", "delete_database", mysql_ops.delete_database),
    Function("Mysql", "create_user", mysql_ops.create_user),
    Function("Mysql", "delete_user", mysql_ops.delete_user),
    Function("Mysql", "set_password", mysql_ops.set_password),
    Function("Mysql", "set_privileges_on_database", mysql_ops.set_privileges_on_database),
    Function("Mysql", "get_privileges_on_database", mysql_ops.get_privileges_on_database, True),
    Function("Mysql", "revoke_access_to_database", mysql_ops.revoke_access_to_database),
    Function("Mysql", "list_databases", mysql_ops.list_databases, True),
    Function("Mysql", "list_users", mysql_ops.list_users, True),
    Function("Ftp", "list_ftp", ftp_ops.list_ftp, True),
    Function("Ftp", "list_ftp_with_disk", ftp_ops.list_ftp_with_disk, True),
    Function("Ftp", "add_ftp", ftp_ops.add_ftp),
    Function("Ftp", "delete_ftp", ftp_ops.delete_ftp),
    Function("Ftp", "passwd", ftp_ops.passwd),
    Function("DNS", "parse_zone", dns_ops.parse_zone, True),
    Function("DNS", "mass_edit_zone", dns_ops.mass_edit_zone),
    Function("SubDomain", "addsubdomain", subdomain_ops.addsubdomain),
    Function("Tokens", "create_full_access", token_ops.create_full_access),
    Function("Tokens", "list", token_ops.list_, True),
    Function("Tokens", "revoke", token_ops.revoke),
    *(Function(*row) for row in ssl_ops.UAPI),
    *(Function(*row) for row in autossl_ops.UAPI),
    *(Function(*row) for row in ssl_keys_ops.UAPI),
    Function("DynamicDNS", "list", dynamicdns_ops.list_, True),
    Function("DynamicDNS", "create", dynamicdns_ops.create),
    Function("DynamicDNS", "delete", dynamicdns_ops.delete),
    Function("DynamicDNS", "recreate", dynamicdns_ops.recreate),
    Function("DynamicDNS", "set_description", dynamicdns_ops.set_description),
])

API2 = _table([
    Function("ZoneEdit", "fetchzones", dns_ops.fetchzones, True),
    Function("ZoneEdit", "fetchzone_records", dns_ops.fetchzone_records, True),
    Function("ZoneEdit", "add_zone_record", dns_ops.add_zone_record),
    Function("ZoneEdit", "edit_zone_record", dns_ops.edit_zone_record),
    Function("ZoneEdit", "remove_zone_record", dns_ops.remove_zone_record),
    Function("SubDomain", "listsubdomains", subdomain_ops.listsubdomains, True),
    Function("Email", "listpops", email_api2_ops.listpops, True),
    Function("Email", "addpop", email_api2_ops.addpop),
    Function("Email", "delpop", email_api2_ops.delpop),
    Function("Email", "passwdpop", email_api2_ops.passwdpop),
    Function("Email", "editquota", email_api2_ops.editquota),
    Function("SubDomain", "addsubdomain", subdomain_ops.api2_addsubdomain),
    Function("SubDomain", "delsubdomain", subdomain_ops.delsubdomain),
    *(Function(*row) for row in ssl_ops.API2),
])
