"""version, gethostname, applist, myprivs."""
from __future__ import annotations

from polypanel.core import host, whm_acls

from .wire import Outcome

# The WHM version this server answers as (the release the wire formats were taken from).
WHM_VERSION = "11.120.0.16"


def version(_ctx, _call) -> Outcome:
    return Outcome(data={"version": WHM_VERSION})


def gethostname(ctx, _call) -> Outcome:
    return Outcome(data={"hostname": host.hostname(ctx)})


def applist(_ctx, call) -> Outcome:
    from .functions import FUNCTIONS

    version = call.extra["version"]
    names = sorted(n for n, f in FUNCTIONS.items() if whm_acls.allows(call.principal, f.acl)
                   and (version == 1 or f.v0 is not None))
    return Outcome(data={"app": names})


def _privileges(call) -> dict:
    have = whm_acls.effective(call.principal)
    every = "all" in have
    return {acl: int(every or acl in have) for acl in sorted(whm_acls.KNOWN)}


def myprivs(_ctx, call) -> Outcome:
    return Outcome(data={"privileges": [_privileges(call)]})


def myprivs_v0(out: Outcome) -> dict:
    return {"privs": out.data["privileges"][0]} if out.result else {"status": 0, "statusmsg": out.reason}
