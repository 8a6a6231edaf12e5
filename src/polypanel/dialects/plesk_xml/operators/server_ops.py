"""server: get_protos, get (the requested blocks), create_session (a single-use panel login key)."""
from __future__ import annotations

import base64
import binascii
import os
from importlib import metadata

from polypanel.auth import sessions
from polypanel.core import account_views, accounts, databases, domains, host, ips, server_prefs, validation
from polypanel.core.errors import Invalid

from ..wire import PROTOS
from ..errors import XmlError
from .common import n, required, spec, text

SESSION_TTL = 60


def _version() -> str:
    try:
        return metadata.version("polypanel")
    except metadata.PackageNotFoundError:
        return "0"
  # seconds a create_session key may wait for its redemption


def get_protos(ctx, call):
    return [[n("protos", [n("proto", v) for v in PROTOS])]]


def _gen_info(ctx):
    return n("gen_info", [n("server_name", host.hostname(ctx)), n("server_guid", host.guid(ctx)),
                          n("mode", "standard")])


def _admin(ctx):
    a = account_views.get(ctx, id=ctx.principal.account_id) if ctx.principal.is_admin else None
    fields = {"admin_cname": a.company if a else "", "admin_pname": a.name if a else "",
              "admin_phone": a.phone if a else "", "admin_fax": "", "admin_email": a.email if a else "",
              "admin_address": "", "admin_city": "", "admin_state": "", "admin_pcode": "", "admin_country": "",
              "send_announce": "false", "admin_locale": (a.locale if a else "") or "en-US",
              "admin_multiple_sessions": "true"}
    return n("admin", [n(k, v) for k, v in fields.items()])


def _key_block(ctx, lic: dict | None, additional: bool):
    """A licence as Plesk shows it: the panel enforces no licence limits (-1: unlimited); the key
    id is the activation code given at installation, else the server's GUID; the content is the key
    as installed (empty when none was)."""
    lic = lic or {}
    props = {"plesk_key_id": lic.get("code") or host.guid(ctx), "lim_date": "-1", "lim_cl": "-1", "lim_dom": "-1",
             "can-manage-customers": "1", "can-manage-resellers": "1"}
    return n("key", [*(n("property", [n("name", k), n("value", v)]) for k, v in props.items()),
                     n("content", base64.b64encode((lic.get("key") or "").encode()).decode()),
                     n("additional-key", "true") if additional else None])


def _key(ctx, el=None):
    main, extra = host.licenses(ctx)
    flt = el.find("filter") if el is not None else None
    if flt is not None and flt.find("all-additional") is not None:
        return [_key_block(ctx, lic, True) for lic in extra]
    if flt is not None and flt.find("all") is not None:
        return [_key_block(ctx, main, False), *(_key_block(ctx, lic, True) for lic in extra)]
    return [_key_block(ctx, main, False)]


def _meminfo() -> dict[str, int]:
    out = {}
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                key, _, rest = line.partition(":")
                out[key] = int(rest.split()[0]) * 1024 if rest.split() else 0
    except OSError:
        pass
    return out


def _uptime() -> int:
    try:
        with open("/proc/uptime") as f:
            return int(float(f.read().split()[0]))
    except (OSError, ValueError, IndexError):
        return 0


def _stat(ctx):
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    mem = _meminfo()
    disk = os.statvfs("/")
    total, free = disk.f_blocks * disk.f_frsize, disk.f_bavail * disk.f_frsize
    every = accounts.list_(ctx)
    doms = [d for d in domains.list_(ctx) if d.kind in ("main", "addon")]
    objects = {"clients": sum(1 for a in every if a.role != "admin"), "domains": len(doms),
               "active_domains": sum(1 for d in doms if d.status == "active"), "mail_boxes": 0, "mail_redirects": 0,
               "mail_groups": 0, "mail_responders": 0, "web_users": 0, "databases": 0, "database_users": 0,
               "problem_clients": 0, "problem_domains": 0}
    uname = os.uname()
    return n("stat", [
        n("objects", [n(k, v) for k, v in objects.items()]),
        n("version", [n("plesk_name", "psa"), n("plesk_version", _version()), n("plesk_os", uname.sysname),
                      n("plesk_os_version", uname.release), n("plesk_build", _version()),
                      n("os_release", uname.release)]),
        n("other", [n("cpu", uname.machine), n("uptime", _uptime()), n("inside_vz", "false")]),
        n("load_avg", [n("l1", int(load[0] * 100)), n("l5", int(load[1] * 100)), n("l15", int(load[2] * 100))]),
        n("mem", [n("total", mem.get("MemTotal", 0)), n("used", mem.get("MemTotal", 0) - mem.get("MemFree", 0)),
                  n("free", mem.get("MemFree", 0)), n("shared", mem.get("Shmem", 0)),
                  n("buffer", mem.get("Buffers", 0)), n("cached", mem.get("Cached", 0))]),
        n("swap", [n("total", mem.get("SwapTotal", 0)), n("used", mem.get("SwapTotal", 0) - mem.get("SwapFree", 0)),
                   n("free", mem.get("SwapFree", 0))]),
        n("diskspace", n("device", [n("name", "/"), n("total", total), n("used", total - free), n("free", free)])),
    ])


SERVICES = (("web", "Web Server", "web"), ("dns", "DNS Server", "dns"), ("smtp", "Mail Server", "mail"))


def _services(_ctx, env):
    """A service whose applier is ``dry`` (panel.ini) only renders its configuration: stopped."""
    def state(section: str) -> str:
        return "stopped" if env.option(section, "applier", "auto").strip().lower() == "dry" else "running"
    return n("services_state", [n("srv", [n("id", i), n("title", t), n("state", state(section))])
                                for i, t, section in SERVICES])


def _interfaces(ctx):
    return n("interfaces", [n("interface", i) for i in sorted({ip.interface for ip in ips.list_(ctx)})])


def _prefs(ctx):
    """The server's preferences as kept (server.set), and whether databases on other hosts exist."""
    kept = server_prefs.prefs(ctx)
    remote = any(not s.is_local for s in databases.servers(ctx))
    return n("prefs", [*(n(k, v) for k, v in kept.items() if k in ("stat_ttl",)),
                       n("include_remote_databases", "true" if remote else "false"),
                       *(n(k, v) for k, v in kept.items() if k != "stat_ttl")])


def set_(ctx, call):
    """server.set: the preferences (``<prefs>``) this server keeps."""
    block = call.body.find("prefs")
    if block is None:
        raise XmlError(1014, "Parser error: <set> holds <prefs>")
    server_prefs.set_prefs(ctx, {c.tag: (c.text or "") for c in block if isinstance(c.tag, str)})
    return [[]]


def _session_setup(_ctx):
    return n("session_setup", n("login_timeout", 30))


def _components(_ctx):
    return n("components", n("component", n("name", "psa"), n("version", _version())))


BLOCKS = {"gen_info": _gen_info, "admin": _admin, "stat": _stat,
          "interfaces": _interfaces, "prefs": _prefs, "session_setup": _session_setup, "components": _components}


def get(ctx, call):
    out = []
    for child in call.body:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "services_state":
            out.append(_services(ctx, call.env))
            continue
        if child.tag == "key":
            out.extend(_key(ctx, child))
            continue
        block = BLOCKS.get(child.tag)
        if block is not None:
            out.append(block(ctx))
    return [out]


def create_session(ctx, call):
    el = call.body
    login = required(el, "login")
    data = el.find("data")
    encoded = text(data, "user_ip", "") if data is not None else ""
    bind_ip = ""
    if encoded:
        try:
            bind_ip = base64.b64decode(encoded, validate=True).decode("ascii").strip()
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise Invalid("user_ip", "must be the base64 of an IP address") from None
        validation.ip_or_network(bind_ip, "user_ip")
    key = sessions.one_time_key(ctx, login=login, bind_ip=bind_ip, ttl_seconds=SESSION_TTL, listed=True)
    return [[n("id", key)]]


OPERATIONS = {
    "get_protos": spec("server.get_protos", get_protos, read_only=True),
    "get": spec("server.get", get, read_only=True, action="server:read"),
    "create_session": spec("server.create_session", create_session, action="sessions:create"),
    "set": spec("server.set", set_, action="server:manage"),
}
