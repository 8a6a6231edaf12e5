"""Transport rules from panel.ini for the REST API: on/off, allowed client addresses, HTTPS only, CORS.

- ``[api] enabled = off`` turns the remote APIs off; ``[api] allowedIPs = ip1,ip2`` (comma or
  space separated, networks allowed) restricts them to those clients.
- HTTPS only, unless ``[api] allowPlainHttpAccess = on``.
- CORS: by default only the panel's own origin (its host name or one of its addresses, on this
  listener's port) may call from a browser; ``[ext-rest-api] cors.origin`` (origins or bare host
  names, comma separated, or ``*`` for any origin) widens it, ``cors.methods`` restricts the
  methods and ``cors.enabled = off`` turns CORS off.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import Response

from polypanel.auth.authenticator import ip_allowed

from .errors import PleskError

ALL_METHODS = ("GET", "POST", "PUT", "DELETE", "OPTIONS")
ALLOWED_HEADERS = "Authorization, Content-Type, Accept, X-API-Key"


def _split(value: str) -> list[str]:
    return [x for x in value.replace(",", " ").split() if x]


@dataclass(frozen=True)
class TransportRules:
    enabled: bool
    allowed_ips: tuple[str, ...]
    plain_http: bool
    tls: bool
    cors: bool
    cors_origins: tuple[str, ...]  # origins or bare host names; "*": any
    cors_methods: tuple[str, ...]
    own_hosts: tuple[str, ...] = ()  # the panel's host name and addresses: its own origin by default
    port: int = 0

    @classmethod
    def from_env(cls, env, listener) -> "TransportRules":
        methods = tuple(m.upper() for m in _split(env.option("ext-rest-api", "cors.methods", ""))) or ALL_METHODS
        origins = tuple(_split(env.option("ext-rest-api", "cors.origin", "")))
        settings = env.panel.settings
        own = tuple(h.lower() for h in (settings.hostname, *settings.ip_addresses) if h)
        return cls(
            enabled=env.flag("api", "enabled", True),
            allowed_ips=tuple(_split(env.option("api", "allowedIPs", ""))),
            plain_http=env.flag("api", "allowPlainHttpAccess", False),
            tls=listener.tls,
            cors=env.flag("ext-rest-api", "cors.enabled", True),
            cors_origins=origins,
            cors_methods=methods,
            own_hosts=own,
            port=listener.port,
        )

    def refusal(self, ip: str) -> PleskError | None:
        if not self.enabled:
            return PleskError(403, "Remote API access is disabled on this server ([api] enabled = off in panel.ini)")
        if not ip_allowed(ip, list(self.allowed_ips)):
            return PleskError(403, f"Remote API access is not allowed from {ip}")
        if not self.tls and not self.plain_http:
            return PleskError(403, "The REST API accepts only HTTPS requests: use https:// on port 8443, "
                                   "or set [api] allowPlainHttpAccess = on in panel.ini")
        return None

    def origin_allowed(self, origin: str) -> bool:
        if not self.cors or not origin:
            return False
        if "*" in self.cors_origins:
            return True
        try:
            parts = urlsplit(origin)
            host, port = (parts.hostname or "").lower(), parts.port or {"http": 80, "https": 443}.get(parts.scheme, 0)
        except ValueError:
            return False
        if not self.cors_origins:
            return host in self.own_hosts and port == self.port
        for allowed in self.cors_origins:
            allowed = allowed.lower().rstrip("/")
            if "://" in allowed and origin.lower().rstrip("/") == allowed:
                return True
            if "://" not in allowed and host == allowed:
                return True
        return False


class TransportMiddleware:
    """Applies ``TransportRules`` to every request of the mounted API, and answers CORS preflights."""

    def __init__(self, app, rules: TransportRules):
        self.app = app
        self.rules = rules

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin", "")
        cors_headers = {}
        if origin and self.rules.origin_allowed(origin):
            cors_headers = {"Access-Control-Allow-Origin": origin, "Vary": "Origin",
                            "Access-Control-Expose-Headers": "Content-Type"}
        refusal = self.rules.refusal((scope.get("client") or ("", 0))[0])
        if scope["method"] == "OPTIONS" and origin and headers.get("access-control-request-method"):
            wanted = headers["access-control-request-method"].upper()
            if refusal is None and cors_headers and wanted in self.rules.cors_methods:
                cors_headers.update({"Access-Control-Allow-Methods": ", ".join(self.rules.cors_methods),
                                     "Access-Control-Allow-Headers": ALLOWED_HEADERS,
                                     "Access-Control-Max-Age": "600"})
                await Response(status_code=204, headers=cors_headers)(scope, receive, send)
            else:
                await PleskError(403, "Cross-origin requests are not allowed").response()(scope, receive, send)
            return
        if cors_headers and scope["method"] not in self.rules.cors_methods:
            cors_headers = {}
        if refusal is not None:
            response = refusal.response()
            response.headers.update(cors_headers)
            await response(scope, receive, send)
            return
        if not cors_headers:
            await self.app(scope, receive, send)
            return

        async def send_with_cors(message):
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in cors_headers.items()]
                message = {**message, "headers": raw}
            await send(message)

        await self.app(scope, receive, send_with_cors)
