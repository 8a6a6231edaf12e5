"""The CLI gateway (``/cli/commands``, ``/cli/{id}/ref``, ``/cli/{id}/call``): the panel's own
Plesk-style utilities (``plesk bin <id> ...``), run in-process as the calling administrator."""
from __future__ import annotations

import io
from contextlib import contextmanager

from polypanel.dialects import plesk_cli
from polypanel.dialects.plesk_cli import utilities as plesk_utilities
from polypanel.core.errors import Invalid, NotFound

REFERENCE = {
    "secret_key": {
        "allowed_commands": {"--create": "create a secret key", "-c": "create a secret key",
                             "--list": "list secret keys", "-l": "list secret keys",
                             "--delete": "delete a secret key (-key KEY)", "-d": "delete a secret key (-key KEY)"},
        "allowed_options": {"-ip-address": "IP address(es) the key works from, comma separated",
                            "-description": "description of the key", "-login": "owner of the key (default: admin)",
                            "-key": "the key to delete"},
    },
    "customer": {
        "allowed_commands": dict(plesk_utilities.CUSTOMER_COMMANDS),
        "allowed_options": dict(plesk_utilities.CUSTOMER_OPTIONS),
    },
    "domain": {
        "allowed_commands": dict(plesk_utilities.DOMAIN_COMMANDS),
        "allowed_options": dict(plesk_utilities.DOMAIN_OPTIONS),
    },
}


def commands() -> list[str]:
    return sorted(plesk_cli.UTILITIES)


def reference(command_id: str) -> dict:
    if command_id not in plesk_cli.UTILITIES:
        raise NotFound("command", command_id, "Command is not found")
    return REFERENCE.get(command_id, {"allowed_commands": {}, "allowed_options": {}})


class GatewayState:
    """What a ``plesk bin`` runner needs (``context()``, ``environ``), acting as the REST caller."""

    def __init__(self, panel, principal, environ: dict[str, str]):
        self.panel = panel
        self.principal = principal
        self.environ = environ

    @contextmanager
    def context(self):
        with self.panel.context(self.principal) as ctx:
            yield ctx


def call(panel, principal, command_id: str, body) -> dict:
    """Run a utility; blocking. A failed command is still an answer: ``code`` is its exit status."""
    runner = plesk_cli.UTILITIES.get(command_id)
    if runner is None:
        raise NotFound("command", command_id, "Command is not found")
    body = body if isinstance(body, dict) else {}
    params = body.get("params") or []
    environ = body.get("env") or {}
    if not all(isinstance(p, str) for p in params):
        raise Invalid("params", "must be a list of strings")
    if not isinstance(environ, dict) or not all(isinstance(v, str) for v in environ.values()):
        raise Invalid("env", "must be an object of strings")
    out, err = io.StringIO(), io.StringIO()
    code = runner(GatewayState(panel, principal, environ), list(params), out, err)
    return {"code": int(code), "stdout": out.getvalue(), "stderr": err.getvalue()}
