"""``mgrctl``: ISPmanager's command on the box, for scripts and plugins written for it.

    mgrctl -m ispmgr [-o text|xml|devel|json] FUNC [param=value ...] [-e 'param=$ENVVAR' ...]
    mgrctl -m ispmgr -i                  every function
    mgrctl -m ispmgr -i FUNC [lang=ru]   what FUNC takes

It runs the function locally as the superuser, without credentials (``su=USER`` acts as another
user, ``sok=ok`` submits a form), and logs it as ``[mgrctl][root]`` in the data dir's ispmgr.log.
The data dir is ``POLYPANEL_DATA_DIR`` (default ./var), as for ``plesk``.
"""
from __future__ import annotations

import os
import sys

USAGE = ("Usage: mgrctl -m ispmgr [-o text|xml|devel|json] FUNC [param=value ...] [-e 'param=$ENV' ...]\n"
         "       mgrctl -m ispmgr -i [FUNC] [lang=ru|en]\n")
FORMATS = ("text", "xml", "devel", "json", "sjson", "JSONdata")


def parse(argv: list[str], environ: dict) -> tuple[dict, str, bool]:
    """(form, out, info) from the command line; ValueError with the reason when it cannot be read."""
    form: dict[str, str] = {}
    out, info, manager = "text", False, None
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "-m":
            manager = args.pop(0) if args else ""
        elif arg == "-o":
            out = args.pop(0) if args else ""
            if out not in FORMATS:
                raise ValueError(f"unknown output format '{out}'")
        elif arg == "-i":
            info = True
        elif arg == "-e":
            key, sep, value = (args.pop(0) if args else "").partition("=")
            if not sep or not value.startswith("$"):
                raise ValueError("-e takes 'param=$ENVVAR'")
            form[key] = environ.get(value[1:].strip("{}"), "")
        elif "=" in arg:
            key, _, value = arg.partition("=")
            form[key] = value
        elif "func" not in form and not arg.startswith("-"):
            form["func"] = arg
        else:
            raise ValueError(f"unexpected argument '{arg}'")
    if manager != "ispmgr":
        raise ValueError("only -m ispmgr is served here")
    return form, out, info


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        form, out, info = parse(argv, dict(os.environ))
    except ValueError as e:
        sys.stderr.write(f"mgrctl: {e}\n{USAGE}")
        sys.exit(1)
    from polypanel.dialects.ispmgr import local

    from .context import CliState

    lang = form.get("lang", "en")
    if info:
        if not form.get("func"):
            sys.stdout.write(local.describe_all(lang))
            return
        text = local.describe(form["func"], lang)
        if text is None:
            sys.stderr.write(f"mgrctl: unknown function '{form['func']}'\n")
            sys.exit(1)
        sys.stdout.write(text)
        return
    if not form.get("func"):
        sys.stderr.write(USAGE)
        sys.exit(1)
    state = CliState(data_dir=os.environ.get("POLYPANEL_DATA_DIR", "./var"), config_file=os.environ.get("POLYPANEL_CONFIG"),
                     database_url=os.environ.get("POLYPANEL_DATABASE_URL"))
    text, ok = local.call(state.runtime().env, form, out)
    sys.stdout.write(text)
    sys.exit(0 if ok else 1)
