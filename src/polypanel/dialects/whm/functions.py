"""The WHM function table: name -> handler, WHM ACL, read-only or not, and its API 0 document (None: API 1 only)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import pipeline
from . import account_ops as acct
from . import bandwidth_ops as bw
from . import info_ops as info
from . import modify_ops as modify
from . import package_ops as pkg
from . import system_ops as system
from . import reseller_ops as res
from . import session_ops as sess
from . import token_ops as tok
from . import zone_ops as zone
from . import autossl_ops, ssl_ops
from . import wire


@dataclass(frozen=True)
class Function:
    name: str
    handler: object
    acl: str | None
    read_only: bool = False
    v0: wire.V0 | None = None
    operation: pipeline.Operation = field(init=False, compare=False)

    def __post_init__(self):
        op = pipeline.Operation(name=self.name, handler=self.handler, read_only=self.read_only)
        object.__setattr__(self, "operation", op)


_TABLE = [
    Function("version", system.version, "basic-system-info", True, wire.v0_flat),
    Function("gethostname", system.gethostname, "basic-system-info", True, wire.v0_flat),
    Function("applist", system.applist, "basic-whm-functions", True, wire.v0_flat),
    Function("myprivs", system.myprivs, "basic-whm-functions", True, system.myprivs_v0),
    Function("listaccts", acct.listaccts, "list-accts", True, wire.v0_list("acct")),
    Function("accountsummary", acct.accountsummary, "acct-summary", True, wire.v0_list("acct")),
    Function("createacct", acct.createacct, "create-acct", False, wire.v0_result(options=True)),
    Function("removeacct", acct.removeacct, "kill-acct", False, wire.v0_result()),
    Function("suspendacct", acct.suspendacct, "suspend-acct", False, wire.v0_result()),
    Function("unsuspendacct", acct.unsuspendacct, "suspend-acct", False, wire.v0_result()),
    Function("listsuspended", acct.listsuspended, "suspend-acct", True, None),
    Function("changepackage", acct.changepackage, "upgrade-account", False, wire.v0_result()),
    Function("passwd", acct.passwd, "passwd", False, acct.passwd_v0),
    Function("modifyacct", modify.modifyacct, "edit-account", False, modify.modifyacct_v0),
    Function("listpkgs", pkg.listpkgs, "list-pkgs", True, wire.v0_list("package", "pkg")),
    Function("getpkginfo", pkg.getpkginfo, "list-pkgs", True, None),
    Function("addpkg", pkg.addpkg, "add-pkg", False, pkg.pkg_v0),
    Function("editpkg", pkg.editpkg, "edit-pkg", False, pkg.pkg_v0),
    Function("killpkg", pkg.killpkg, "add-pkg", False, pkg.pkg_v0),
    Function("api_token_create", tok.api_token_create, "manage-api-tokens", False, None),
    Function("api_token_list", tok.api_token_list, "manage-api-tokens", True, None),
    Function("api_token_update", tok.api_token_update, "manage-api-tokens", False, None),
    Function("api_token_revoke", tok.api_token_revoke, "manage-api-tokens", False, None),
    Function("api_token_get_details", tok.api_token_get_details, "manage-api-tokens", True, None),
    Function("accesshash", tok.accesshash, "manage-api-tokens", False, None),
    Function("create_user_session", sess.create_user_session, "create-user-session", False, None),
    Function("listzones", zone.listzones, "manage-dns-records", True, zone.listzones_v0),
    Function("dumpzone", zone.dumpzone, "manage-dns-records", True, zone.dumpzone_v0),
    Function("addzonerecord", zone.addzonerecord, "manage-dns-records", False, wire.v0_result()),
    Function("editzonerecord", zone.editzonerecord, "manage-dns-records", False, wire.v0_result()),
    Function("removezonerecord", zone.removezonerecord, "manage-dns-records", False, wire.v0_result()),
    Function("getzonerecord", zone.getzonerecord, "manage-dns-records", True, None),
    Function("adddns", zone.adddns, "create-dns", False, wire.v0_result()),
    Function("killdns", zone.killdns, "kill-dns", False, wire.v0_result()),
    Function("setupreseller", res.setupreseller, "all", False, wire.v0_result()),
    Function("unsetupreseller", res.unsetupreseller, "all", False, wire.v0_result()),
    Function("setacls", res.setacls, "all", False, wire.v0_result()),
    Function("listacls", res.listacls, "all", True, res.listacls_v0),
    Function("saveacllist", res.saveacllist, "all", False, wire.v0_result()),
    Function("listresellers", res.listresellers, "all", True, wire.v0_flat),
    Function("setresellerlimits", res.setresellerlimits, "all", False, wire.v0_result()),
    Function("suspendreseller", res.suspendreseller, "all", False, wire.v0_result()),
    Function("unsuspendreseller", res.unsuspendreseller, "all", False, wire.v0_result()),
    Function("terminatereseller", res.terminatereseller, "all", False, res.terminatereseller_v0),
    Function("resellerstats", res.resellerstats, "all", True, res.resellerstats_v0),
    Function("acctcounts", res.acctcounts, "acct-summary", True, None),
    Function("listips", info.listips, "all", True, wire.v0_list("result", "ip")),
    Function("domainuserdata", info.domainuserdata, "acct-summary", True, wire.v0_flat),
    Function("get_domain_info", info.get_domain_info, "acct-summary", True, None),
    Function("getdomainowner", info.getdomainowner, "acct-summary", True, None),
    Function("list_users", info.list_users, "all", True, None),
    Function("editquota", info.editquota, "quota", False, wire.v0_result()),
    Function("limitbw", info.limitbw, "limit-bandwidth", False, wire.v0_result()),
    Function("showbw", bw.showbw, "show-bandwidth", True, bw.showbw_v0),
    Function("uapi_cpanel", info.uapi_cpanel, "cpanel-api", False, None),
    *(Function(*row) for row in ssl_ops.FUNCTIONS),
    *(Function(*row) for row in autossl_ops.FUNCTIONS),
]

FUNCTIONS: dict[str, Function] = {f.name: f for f in _TABLE}
