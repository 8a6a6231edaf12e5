"""The CLI gateway (``/cli/commands``, ``/cli/{id}/ref``, ``/cli/{id}/call``): the panel's Plesk
utilities (``plesk bin <id> ...``, ``dialects.plesk_cli``), run in-process as the calling
administrator. Each call is audited (the utility, its command and target and the exit code; never
its options, which may hold passwords); what it changes is audited by the core services it calls."""
from __future__ import annotations

import io
from contextlib import contextmanager

from polypanel.core.errors import Invalid, NotFound
from polypanel.dialects import plesk_cli

MAX_PARAMS = 200


def commands() -> list[str]:
    return sorted(plesk_cli.UTILITIES)


def _utility(command_id: str):
    utility = plesk_cli.UTILITIES.get(command_id)
    if utility is None:
        raise NotFound("command", command_id, "Command is not found")
    return utility


def reference(command_id: str) -> dict:
    return _utility(command_id).reference()


class GatewayState:
    """What a utility needs (``context()``, ``environ``, ``panel_url``), acting as the REST caller."""

    remote = True  # the caller is not on the box: utilities read no files of the server for it

    def __init__(self, panel, principal, environ: dict[str, str], panel_url: str | None):
        self.panel = panel
        self.principal = principal
        self.environ = environ
        self.panel_url = panel_url

    @contextmanager
    def context(self):
        with self.panel.context(self.principal) as ctx:
            yield ctx


def call(panel, principal, command_id: str, body, panel_url: str | None = None) -> dict:
    """Run a utility; blocking. A failed command is still an answer: ``code`` is its exit status."""
    utility = _utility(command_id)
    body = body if isinstance(body, dict) else {}
    params = body.get("params") or []
    environ = body.get("env") or {}
    if not isinstance(params, list) or len(params) > MAX_PARAMS or not all(isinstance(p, str) for p in params):
        raise Invalid("params", f"must be a list of at most {MAX_PARAMS} strings")
    if not isinstance(environ, dict) or not all(isinstance(v, str) for v in environ.values()):
        raise Invalid("env", "must be an object of strings")
    out, err = io.StringIO(), io.StringIO()
    code = utility(GatewayState(panel, principal, environ, panel_url), list(params), out, err)
    command = params[0] if params else ""
    target = params[1] if len(params) > 1 and not params[1].startswith("-") else ""
    with panel.context(principal) as ctx:
        ctx.audit("cli:call", "cli", command_id, f"{command} {target} code={code}".strip()[:500])
    return {"code": int(code), "stdout": out.getvalue(), "stderr": err.getvalue()}
