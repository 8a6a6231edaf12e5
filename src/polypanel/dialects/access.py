"""Access rules of a listener's API from panel.ini: on/off, allowed client addresses, HTTPS only, CORS.

Shared by every dialect: the Plesk APIs (REST ``/api/v2`` and XML ``agent.php``) read the ``[api]``
section, as Plesk does; another vendor's API passes its own section to ``AccessRules.from_env``
(the hook for its own switches). A refusal is handed to the dialect's ``error(status, message)``,
so each API answers in its own wire format.

For the Plesk APIs:

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

ALL_METHODS = ("GET", "POST", "PUT", "DELETE", "OPTIONS")
ALLOWED_HEADERS = "Authorization, Content-Type, Accept, X-API-Key"


def _split(value: str) -> list[str]:
    return [x for x in value.replace(",", " ").split() if x]


@dataclass(frozen=True)
class AccessRules:
    enabled: bool
    allowed_ips: tuple[str, ...]
    plain_http: bool
    tls: bool
    cors: bool
    cors_origins: tuple[str, ...]  # origins or bare host names; "*": any
    cors_methods: tuple[str, ...]
    own_hosts: tuple[str, ...] = ()  # the panel's host name and addresses: its own origin by default
    port: int = 0
    section: str = "api"
    https_hint: str = "use https://"

    @classmethod
    def from_env(cls, env, listener, *, section: str = "api", cors_section: str | None = "ext-rest-api",
                 https_hint: str = "use https:// on port 8443") -> "AccessRules":
        """The rules of ``section`` (on/off: ``enabled``, ``allowedIPs``, ``allowPlainHttpAccess``) and,
        unless ``cors_section`` is None, CORS from that section."""
        cors_section = cors_section or ""
        methods = tuple(m.upper() for m in _split(env.option(cors_section, "cors.methods", ""))) or ALL_METHODS
        origins = tuple(_split(env.option(cors_section, "cors.origin", "")))
        settings = env.panel.settings
        own = tuple(h.lower() for h in (settings.hostname, *settings.ip_addresses) if h)
        return cls(
            enabled=env.flag(section, "enabled", True),
            allowed_ips=tuple(_split(env.option(section, "allowedIPs", ""))),
            plain_http=env.flag(section, "allowPlainHttpAccess", False),
            tls=listener.tls,
            cors=bool(cors_section) and env.flag(cors_section, "cors.enabled", True),
            cors_origins=origins,
            cors_methods=methods,
            own_hosts=own,
            port=listener.port,
            section=section,
            https_hint=https_hint,
        )

    def refusal(self, ip: str) -> tuple[int, str] | None:
        """(HTTP status, message) when the request must be refused, else None."""
        if not self.enabled:
            return 403, f"Remote API access is disabled on this server ([{self.section}] enabled = off in panel.ini)"
        if not ip_allowed(ip, list(self.allowed_ips)):
            return 403, f"Remote API access is not allowed from {ip}"
        if not self.tls and not self.plain_http:
            return 403, (f"The API accepts only HTTPS requests: {self.https_hint}, "
                         f"or set [{self.section}] allowPlainHttpAccess = on in panel.ini")
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


class AccessMiddleware:
    """Applies ``AccessRules`` to every request of the wrapped API, and answers CORS preflights.

    ``error(status, message) -> Response`` writes a refusal in the API's own format."""

    def __init__(self, app, rules: AccessRules, error):
        self.app = app
        self.rules = rules
        self.error = error

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
                await self.error(403, "Cross-origin requests are not allowed")(scope, receive, send)
            return
        if cors_headers and scope["method"] not in self.rules.cors_methods:
            cors_headers = {}
        if refusal is not None:
            response = self.error(*refusal)
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
