"""Resellers: setupreseller, unsetupreseller, setacls, listacls, listresellers, setresellerlimits,
suspendreseller, unsuspendreseller, terminatereseller, resellerstats, acctcounts."""
from __future__ import annotations

from polypanel.core import accounts, cascade, hosting_accounts, reseller_roles, whm_acl_lists, whm_acls
from polypanel.core.errors import Invalid, NotFound

from .account_ops import require
from .wire import Failure, Outcome

VERIFY = "I understand this will irrevocably remove all the accounts owned by the reseller {}"


def _reseller(ctx, login: str):
    try:
        acc = accounts.get(ctx, login=login)
    except NotFound:
        raise Failure(f"API failure: You do not have a user named “{login[:64]}”.") from None
    if acc.role != "reseller":
        raise Failure(f"API failure: The user “{login[:64]}” is not a reseller.")
    return acc


def _account_holder(ctx, user: str):
    """The account behind a cPanel account name (its customer), or a panel account of that login."""
    try:
        sub = hosting_accounts.find(ctx, user)
        return hosting_accounts.customer_of(sub) or sub.owner
    except NotFound:
        return accounts.get(ctx, login=user)


def setupreseller(ctx, call) -> Outcome:
    acc = _account_holder(ctx, require(call, "user"))
    reseller_roles.make_reseller(ctx, acc)
    return Outcome()


def unsetupreseller(ctx, call) -> Outcome:
    reseller_roles.unmake_reseller(ctx, _reseller(ctx, require(call, "user")))
    return Outcome()


def _acl_args(call) -> list[str]:
    """The privileges set to 1 in ``acl-<name>=1`` arguments."""
    return [key[4:] for key, value in call.query.items() if key.startswith("acl-") and value.strip() in ("1", "on", "y")]


def setacls(ctx, call) -> Outcome:
    login = call.query.text("reseller").strip() or call.query.text("user").strip()
    if not login:
        raise Failure("No reseller specified.")
    acc = _reseller(ctx, login)
    name = call.query.text("acllist").strip()
    if name:
        try:
            acls = whm_acl_lists.apply(ctx, acc, name)
        except NotFound:
            raise Failure(f"API failure: The ACL list “{name[:64]}” does not exist.") from None
        return Outcome(data={"acl": acls})
    acls = _acl_args(call)
    for acl in acls:
        if acl not in whm_acls.KNOWN or acl == "all":
            raise Failure(f"API failure: “{acl[:64]}” is not a privilege a reseller can hold.")
    accounts.update(ctx, acc, permissions=whm_acls.permissions_for(acls))
    return Outcome(data={"acl": sorted(acls)})


def saveacllist(ctx, call) -> Outcome:
    name = call.query.text("acllist").strip()
    if not name or "(" in name or ".." in name or "/" in name:
        raise Failure("The ACL List could not be saved.")
    try:
        whm_acl_lists.valid_name(name)
    except Invalid:
        raise Failure("The ACL List could not be saved.") from None
    acls = [a for a in _acl_args(call) if a in whm_acls.KNOWN and a != "all"]  # unknown keys are dropped, as on cPanel
    whm_acl_lists.save(ctx, name, acls)
    return Outcome(reason=f"ACL List {name} saved.")


def _all_flags(acls) -> dict[str, int]:
    have = set(acls)
    return {a: int(a in have) for a in whm_acls.ALL_ACLS if a != "all"}


def listacls(ctx, _call) -> Outcome:
    lists = whm_acl_lists.list_(ctx)
    return Outcome(data={"acl": [{"name": name, "privileges": _all_flags(acls)} for name, acls in lists.items()]})


def listacls_v0(out: Outcome) -> dict:
    if not out.result:
        return {"status": 0, "statusmsg": out.reason}
    return {"acls": {item["name"]: item["privileges"] for item in (out.data or {}).get("acl", [])}}


def listresellers(ctx, _call) -> Outcome:
    return Outcome(data={"reseller": sorted(a.login for a in accounts.list_(ctx, role="reseller"))})


def setresellerlimits(ctx, call) -> Outcome:
    acc = _reseller(ctx, require(call, "user"))
    q = call.query
    if "enable_account_limit" in q or "account_limit" in q:
        enabled = q.flag("enable_account_limit", True)
        value = q.text("account_limit").strip()
        if enabled and value and (not value.isdigit() or len(value) > 9):
            raise Failure("API failure: The value of “account_limit” must be a whole number.")
        limit = int(value) if enabled and value else -1
        accounts.update(ctx, acc, limits={"max_subscriptions": limit})
    return Outcome()


def _set_status(ctx, call, status: str) -> Outcome:
    acc = _reseller(ctx, require(call, "user"))
    accounts.set_status(ctx, acc, status)
    return Outcome()


def suspendreseller(ctx, call) -> Outcome:
    return _set_status(ctx, call, "suspended")


def unsuspendreseller(ctx, call) -> Outcome:
    return _set_status(ctx, call, "active")


def terminatereseller(ctx, call) -> Outcome:
    login = require(call, "reseller", "user")
    acc = _reseller(ctx, login)
    if call.query.text("verify") != VERIFY.format(login):
        raise Failure(f'Sorry, you must pass "{VERIFY.format(login)}" in the verify variable to terminate a reseller.')
    removed = {}
    for sub in [s for s in hosting_accounts.list_(ctx) if hosting_accounts.reseller_of(s) is acc]:
        removed[sub.system_user] = "Removed"
        hosting_accounts.remove(ctx, sub)
    if call.query.flag("terminatereseller"):
        cascade.delete_account(ctx, acc)
    return Outcome(data={"accts": removed, "privdelete": int(call.query.flag("terminatereseller"))},
                   reason="Account Terminations Complete")


def _owned(ctx, acc):
    return [s for s in hosting_accounts.list_(ctx)
            if (hosting_accounts.reseller_of(s) or s.owner).id == acc.id or s.owner_id == acc.id]


def resellerstats(ctx, call) -> Outcome:
    acc = _reseller(ctx, require(call, "reseller", "user"))
    from .accounts_view import account, limits_of
    subs = _owned(ctx, acc)
    disk = sum(max(int(limits_of(s).get("disk_space_mb", -1)), 0) for s in subs)
    bw = sum(max(int(limits_of(s).get("traffic_mb", -1)), 0) for s in subs)
    accts = [{**account(s, ctx.settings.vhosts_root, v1=False), "diskused": 0, "bandwidthused": 0} for s in subs]
    return Outcome(data={"reseller": acc.login, "diskused": 0, "totalbwused": 0, "totaldiskalloc": disk,
                         "totalbwalloc": bw, "accts": accts, "bandwidthlimit": 0, "diskquota": 0,
                         "bwoverselling": 0, "diskoverselling": 0}, reason="Fetched Reseller Data OK")


def resellerstats_v0(out: Outcome) -> dict:
    if not out.result:
        return {"result": {"status": 0, "statusmsg": out.reason}}
    return {"result": {"status": 1, "statusmsg": out.reason, **out.data}}


def acctcounts(ctx, call) -> Outcome:
    login = call.query.text("user").strip() or call.principal.login
    p = call.principal
    if p.is_admin and (login.lower() == p.login.lower() or accounts.is_admin_alias(login)):
        subs, name, limit = hosting_accounts.list_(ctx), "root", "unlimited"
    else:
        try:
            acc = accounts.get(ctx, login=login)
        except NotFound:
            raise Failure("Not a reseller.") from None
        if acc.role != "reseller":
            raise Failure("Not a reseller.")
        subs, name = _owned(ctx, acc), acc.login
        n = int((acc.limits or {}).get("max_subscriptions", -1))
        limit = "unlimited" if n < 0 else n
    suspended = sum(1 for s in subs if s.status != "active")
    return Outcome(data={"reseller": {"user": name, "active": len(subs) - suspended, "suspended": suspended,
                                      "limit": limit}})


def terminatereseller_v0(out: Outcome) -> dict:
    item = {"status": out.result, "statusmsg": out.reason}
    if out.data:
        item.update(out.data)
    return {"result": [item]}
