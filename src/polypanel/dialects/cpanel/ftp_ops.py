"""Ftp: list_ftp, list_ftp_with_disk, add_ftp, delete_ftp, passwd. A login ``user`` on ``domain`` is ``user@domain``, as on cPanel."""
from __future__ import annotations

from polypanel.core import ftp, webspaces

from ..whm.wire import Failure
from .domain_ops import account
from .email_ops import _domain


def _login(sub, call) -> str:
    user = call.query.text("user").strip()
    if not user:
        raise Failure("You must specify the “user” parameter.")
    if "@" in user:
        return user
    return f"{user}@{_domain(sub, call.query.text('domain')).ascii_name}"


def _item(sub, u, home_root: str, disk: bool) -> dict:
    item = {"user": u.login, "login": u.login, "type": "sub", "homedir": f"{home_root}{u.home}",
            "dir": f"{home_root}{u.home}", "reldir": u.home.lstrip("/"), "accttype": "sub", "deleteable": 1,
            "serverlogin": u.login}
    if disk:
        quota = "unlimited" if u.quota_mb < 0 else str(u.quota_mb)
        item.update({"diskused": "0", "diskquota": quota, "_diskused": "0", "_diskquota": "0" if u.quota_mb < 0 else quota,
                     "humandiskused": "0 bytes", "humandiskquota": "None" if u.quota_mb < 0 else f"{u.quota_mb} MB",
                     "diskusedpercent": 0, "diskusedpercent20": 0, "htmldir": f"{home_root}{u.home}"})
    return item


def list_ftp(ctx, call, disk: bool = False):
    sub = account(ctx, call)
    root = webspaces.home_dir(sub, ctx.settings.vhosts_root)
    items = [{"user": sub.system_user, "login": sub.system_user, "type": "main", "homedir": root, "dir": root,
              "reldir": "", "accttype": "main", "deleteable": 0, "serverlogin": sub.system_user}]
    items += [_item(sub, u, root, disk) for u in ftp.list_(ctx, subscription_id=sub.id)]
    return items


def list_ftp_with_disk(ctx, call):
    return list_ftp(ctx, call, disk=True)


def add_ftp(ctx, call):
    sub = account(ctx, call)
    password = call.query.text("pass", "password")
    if not password:
        raise Failure("You must specify the “pass” parameter.")
    quota = call.query.text("quota").strip()
    home = "/" + call.query.text("homedir").strip().strip("/")
    ftp.create(ctx, subscription=sub, login=_login(sub, call), password=password, home=home,
               quota_mb=int(quota) if quota.isdigit() and int(quota) > 0 and len(quota) < 10 else -1)
    return None


def delete_ftp(ctx, call):
    sub = account(ctx, call)
    ftp.delete(ctx, ftp.get(ctx, login=_login(sub, call)))
    return None


def passwd(ctx, call):
    sub = account(ctx, call)
    password = call.query.text("pass", "password")
    if not password:
        raise Failure("You must specify the “pass” parameter.")
    ftp.update(ctx, ftp.get(ctx, login=_login(sub, call)), password=password)
    return None
