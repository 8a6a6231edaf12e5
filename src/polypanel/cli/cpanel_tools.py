"""``whmapi1`` and ``uapi`` on the box, for scripts written for cPanel servers.

    whmapi1 [--output=json|yaml] FUNCTION [key=value ...]
    uapi [--output=json|yaml] --user=USER Module function [key=value ...]

They run the same functions as the WHM and cPanel ports, locally as the administrator (``uapi``
acting on USER's cPanel account), and print cPanel's documents: YAML by default, JSON with
``--output=json``. The exit status is 0 when the function succeeded.
"""
from __future__ import annotations

import json
import os
import sys

import yaml

from polypanel.core.errors import PanelError
from polypanel.dialects import pipeline
from polypanel.dialects.cpanel import wire as cpanel_wire
from polypanel.dialects.cpanel.functions import UAPI
from polypanel.dialects.whm import errors as whm_errors
from polypanel.dialects.whm import params
from polypanel.dialects.whm import wire as whm_wire
from polypanel.dialects.whm.functions import FUNCTIONS


def _state():
    from .context import CliState

    return CliState(data_dir=os.environ.get("POLYPANEL_DATA_DIR", "./var"), config_file=os.environ.get("POLYPANEL_CONFIG"),
                    database_url=os.environ.get("POLYPANEL_DATABASE_URL"))


def _split(argv: list[str]) -> tuple[str, dict, list[str]]:
    fmt, opts, rest = "yaml", {}, []
    for arg in argv:
        if arg.startswith("--output="):
            fmt = arg.split("=", 1)[1].strip().lower()
        elif arg.startswith("--") and "=" in arg:
            key, value = arg[2:].split("=", 1)
            opts[key] = value
        else:
            rest.append(arg)
    return fmt, opts, rest


def _print(doc, fmt: str, out) -> None:
    if fmt == "json":
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    else:
        out.write("---\n" + yaml.safe_dump(doc, allow_unicode=True, default_flow_style=False, sort_keys=True))


def _args(items: list[str]) -> params.Params:
    pairs = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise SystemExit(f"Arguments must be key=value: {item!r}")
        pairs.append((key, value))
    return params.Params(pairs)


def _run(state, operation: pipeline.Operation, query: params.Params, extra: dict):
    rt = state.runtime()
    principal = rt.panel.admin(api="cli")
    call = pipeline.Call(operation=operation, principal=principal, env=rt.env, ip="127.0.0.1", query=query, extra=extra)
    with rt.panel.context(principal) as ctx:
        return operation.handler(ctx, call), principal


def whmapi1_main(argv: list[str] | None = None, out=None) -> None:
    out = out or sys.stdout
    fmt, _opts, rest = _split(list(sys.argv[1:] if argv is None else argv))
    if not rest:
        sys.stderr.write("Usage: whmapi1 [--output=json|yaml] FUNCTION [key=value ...]\n")
        sys.exit(1)
    name, query = rest[0], _args(rest[1:])
    fn = FUNCTIONS.get(name)
    if fn is None:
        _print(whm_wire.unknown_v1(name), fmt, out)
        sys.exit(1)
    try:
        outcome, _p = _run(_state(), fn.operation, query, {"version": 1, "function": fn})
        doc = whm_wire.v1(name, outcome)
    except (whm_wire.Failure, PanelError) as e:
        doc = whm_wire.v1_failure(name, whm_errors.reason(e, None), getattr(e, "data", None))
    _print(doc, fmt, out)
    sys.exit(0 if doc["metadata"]["result"] == 1 else 1)


def uapi_main(argv: list[str] | None = None, out=None) -> None:
    out = out or sys.stdout
    fmt, opts, rest = _split(list(sys.argv[1:] if argv is None else argv))
    user = opts.get("user", "")
    if len(rest) < 2 or not user:
        sys.stderr.write("Usage: uapi [--output=json|yaml] --user=USER Module function [key=value ...]\n")
        sys.exit(1)
    module, func, query = rest[0], rest[1], _args(rest[2:])
    fn = UAPI.get((module, func))
    if fn is None:
        result = cpanel_wire.uapi(errors=[f"The system could not find the function “{func}” in the module “{module}”."])
    else:
        try:
            data, _p = _run(_state(), fn.operation, query, {"module": module, "func": func, "version": 3, "user": user})
            if isinstance(data, cpanel_wire.UapiResult):
                result = cpanel_wire.uapi(data.data, messages=data.messages, warnings=data.warnings, errors=data.errors,
                                          metadata=data.metadata)
            else:
                result = cpanel_wire.uapi(data)
        except (whm_wire.Failure, PanelError) as e:
            result = cpanel_wire.uapi(errors=[cpanel_wire.message(e)])
    _print({"apiversion": 3, "module": module, "func": func, "result": result}, fmt, out)
    sys.exit(0 if result["status"] == 1 else 1)
