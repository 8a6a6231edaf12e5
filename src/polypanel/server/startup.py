"""What ``polypanel serve`` checks and says at start: ports that are taken, and the banner."""
from __future__ import annotations

import errno
import socket
from dataclasses import dataclass

from polypanel.provision.daemons import NamedDaemon, NginxDaemon

from .config import LISTENERS, PanelConfig


class StartupError(Exception):
    """The panel cannot start; the message is one line a person can act on."""


@dataclass(frozen=True)
class PortUse:
    """A port something of the panel will listen on, and the panel.ini key that sets it."""

    address: str  # "" or "*": every address
    port: int
    what: str  # "Plesk REST API (HTTPS)", "nginx (sites over HTTP)", ...
    key: str  # "[polypanel] plesk_https_port"
    udp: bool = False


def _family(address: str) -> tuple[socket.AddressFamily, str]:
    address = address.strip().strip("[]")
    if address in ("", "*", "0.0.0.0"):
        return socket.AF_INET, ""
    if address == "::" or ":" in address:
        return socket.AF_INET6, address
    return socket.AF_INET, address


def taken(address: str, port: int, udp: bool = False) -> bool:
    """True when another process already listens on address:port (binding fails with EADDRINUSE)."""
    family, host = _family(address)
    kind = socket.SOCK_DGRAM if udp else socket.SOCK_STREAM
    with socket.socket(family, kind) as s:
        if not udp:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn, nginx and named do
        try:
            s.bind((host, port))
        except OSError as e:
            return e.errno == errno.EADDRINUSE
    return False


LISTENER_LABELS = {"plesk_https": "the Plesk API over HTTPS", "plesk_http": "the Plesk API over HTTP",
                   "whm_https": "WHM over HTTPS", "whm_http": "WHM over HTTP", "cpanel_https": "cPanel over HTTPS",
                   "cpanel_http": "cPanel over HTTP", "webmail_https": "cPanel Webmail over HTTPS",
                   "webmail_http": "cPanel Webmail over HTTP", "ispmgr_https": "ISPmanager over HTTPS"}


def listener_ports(config: PanelConfig) -> list[PortUse]:
    return [PortUse(config.bind, port, LISTENER_LABELS.get(name, name), f"[polypanel] {LISTENERS[name][0]}")
            for name, port in config.ports.items() if port]


def daemon_ports(daemons: list) -> list[PortUse]:
    uses = []
    for daemon in daemons:
        if isinstance(daemon, NginxDaemon):
            for address in daemon.listen:
                uses.append(PortUse(address, daemon.http_port, "nginx (the sites over HTTP)", "[web] http_port"))
                uses.append(PortUse(address, daemon.https_port, "nginx (the sites over HTTPS)", "[web] https_port"))
        elif isinstance(daemon, NamedDaemon):
            for address in daemon.listen:
                uses.append(PortUse(address, daemon.port, "named (DNS over TCP)", "[dns] port"))
                uses.append(PortUse(address, daemon.port, "named (DNS over UDP)", "[dns] port", udp=True))
            if daemon.fixed_control_port:
                uses.append(PortUse("127.0.0.1", daemon.control_port, "named's control channel", "[dns] control_port"))
    return uses


def check_ports(uses: list[PortUse], config: PanelConfig) -> None:
    """Raise StartupError naming the first port set twice, or that another process holds."""
    seen: dict[tuple[int, bool], PortUse] = {}
    for use in uses:
        other = seen.setdefault((use.port, use.udp), use)
        if other is not use and other.key != use.key:
            raise StartupError(f"port {use.port} is set for both {other.what} ({other.key}) and {use.what} ({use.key}): "
                               f"change one of them in {config.config_file}")
    for use in uses:
        if taken(use.address, use.port, use.udp):
            where = use.address if use.address not in ("", "*") else "every address"
            raise StartupError(f"port {use.port} on {where}, for {use.what}, is already in use by another program: "
                               f"stop it, or change {use.key} in {config.config_file}")


def daemons_free_of_leftovers(provisioning) -> list:
    """Daemons whose ports can be checked: one of our own left by a panel that died holds them until start() stops it."""
    return [d for d in provisioning.daemons if not d.leftover_pids()]


def _host_for_urls(config: PanelConfig, hostname: str) -> str:
    bind = config.bind.strip()
    if bind in ("", "0.0.0.0", "::", "*"):
        return hostname
    return f"[{bind}]" if ":" in bind else bind


# listener, what it serves, where its API starts
_OTHER_APIS = (
    ("whm_https", "WHM API 1", "/json-api/"),
    ("whm_http", "WHM, plain HTTP", "/json-api/"),
    ("cpanel_https", "cPanel UAPI", "/execute/"),
    ("cpanel_http", "cPanel, plain HTTP", "/execute/"),
    ("webmail_https", "cPanel Webmail", "/login/"),
    ("webmail_http", "Webmail, plain HTTP", "/login/"),
    ("ispmgr_https", "ISPmanager", "/ispmgr"),
)


def banner(config: PanelConfig, hostname: str, admin_password: str | None, provisioning) -> list[str]:
    """What a person needs once the panel answers: URLs, login, files, and where each daemon listens."""
    host = _host_for_urls(config, hostname)
    ports = config.ports
    lines = ["polypanel is running."]
    if ports.get("plesk_https"):
        base = f"https://{host}:{ports['plesk_https']}/api/v2/"
        lines += [f"  Plesk REST API v2:  {base}",
                  f"    playground (API reference you can try, in a browser): {base}playground",
                  f"    description (OpenAPI 3.0): {base}openapi.json"]
    if ports.get("plesk_https"):
        lines.append(f"  Plesk XML API:      https://{host}:{ports['plesk_https']}/enterprise/control/agent.php")
    if ports.get("plesk_http"):
        lines.append(f"  Plesk, plain HTTP:  http://{host}:{ports['plesk_http']}/api/v2/"
                     "  (refused unless [api] allowPlainHttpAccess = on)")
    for name, label, path in _OTHER_APIS:
        if ports.get(name):
            scheme = "http" if name.endswith("_http") else "https"
            lines.append(f"  {label + ':':<20}{scheme}://{host}:{ports[name]}{path}")
    if config.bind in ("127.0.0.1", "::1", "localhost"):
        lines.append("  (listening on loopback only: start with --bind 0.0.0.0 or set [polypanel] bind to reach it from elsewhere)")
    if admin_password:
        lines.append(f"  Administrator login: admin   password: {admin_password}   (shown only once; "
                     "set another with: polypanel admin --set-password)")
    else:
        lines.append("  Administrator login: admin (or root)   forgot the password? polypanel admin --set-password")
    lines += [f"  Data dir:    {config.data_dir}", f"  Config file: {config.config_file}"]
    lines += ["  " + line for line in daemon_lines(provisioning)]
    return lines


def _addr(address: str, port: int) -> str:
    address = address.strip()
    if address in ("", "*"):
        return f"*:{port}"
    return f"[{address.strip('[]')}]:{port}" if ":" in address else f"{address}:{port}"


def daemon_lines(provisioning) -> list[str]:
    if provisioning is None:
        return []
    lines = []
    for daemon in provisioning.daemons:
        if isinstance(daemon, NginxDaemon):
            listen = ", ".join(_addr(a, p) for p in (daemon.http_port, daemon.https_port) for a in daemon.listen)
            lines.append(f"Web (nginx, run by the panel): {listen}; config {daemon.conf_path}")
        elif isinstance(daemon, NamedDaemon):
            listen = ", ".join(_addr(a, daemon.port) for a in daemon.listen)
            lines.append(f"DNS (named, run by the panel): {listen} UDP and TCP, control port {daemon.control_port}")
    supervised = {"web": NginxDaemon, "dns": NamedDaemon}
    for service, backend in provisioning.backends.items():
        kind = supervised.get(service)
        if kind and any(isinstance(d, kind) for d in provisioning.daemons):
            continue
        label = {"web": "Web", "dns": "DNS", "db": "Databases", "mail": "Mail", "ftp": "FTP"}.get(service, service)
        if backend == "dry" or set(backend.split("+")) == {"dry"}:
            lines.append(f"{label}: dry (configuration rendered only, nothing served)")
        elif service in ("web", "dns"):
            lines.append(f"{label}: the system's {backend} (mode = system)")
        else:
            lines.append(f"{label}: {backend}")
    return lines
