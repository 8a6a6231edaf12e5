"""The ``plesk`` command on the box, for scripts written for Plesk: ``plesk bin <utility> ...``.

The utilities live in ``polypanel.dialects.plesk_cli`` (shared with the REST API's CLI gateway);
``admin`` is the box's own.
"""
from __future__ import annotations

import sys

from polypanel.core.errors import PanelError
from polypanel.dialects.plesk_cli import UTILITIES


def admin(state, args: list[str], out, err) -> int:
    """``plesk bin admin``: the shared utility (``--get-login-link``, ``--info``) and, only on the box,
    ``--set-admin-password -passwd PW`` (or PSA_PASSWORD), as on Plesk."""
    import os

    from polypanel.core import accounts, bootstrap

    if not args or args[0] != "--set-admin-password":
        code = UTILITIES["admin"](state, args, out, err)
        if not args or args[0] in ("-h", "--help"):
            (out if args else err).write("  --set-admin-password         set the administrator's password "
                                         "(-passwd PASSWORD or PSA_PASSWORD; on the box only)\n")
        return code
    rest = args[1:]
    password = rest[rest.index("-passwd") + 1] if "-passwd" in rest[:-1] else ""
    password = password or (getattr(state, "environ", None) or os.environ).get("PSA_PASSWORD", "")
    if not password:
        err.write("The password is not specified: use -passwd PASSWORD or PSA_PASSWORD\n")
        return 1
    try:
        with state.context() as ctx:
            accounts.update(ctx, accounts.get(ctx, login=bootstrap.ADMIN_LOGIN), password=password)
            bootstrap.forget_unseen_password(ctx.session)
    except PanelError as e:
        err.write(f"An error occurred during admin set-admin-password: {e.message}\n")
        return 1
    out.write("SUCCESS: The administrator's password was changed.\n")
    return 0


# The box's own command also has what the REST API's CLI gateway does not offer.
BOX_UTILITIES = {**UTILITIES, "admin": admin}


def main(argv: list[str] | None = None) -> None:
    import os

    from .context import CliState

    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) < 2 or argv[0] != "bin" or argv[1] not in BOX_UTILITIES:
        sys.stderr.write(f"Usage: plesk bin {'|'.join(BOX_UTILITIES)} <command> [<options>]\n")
        sys.exit(1)
    state = CliState(data_dir=os.environ.get("POLYPANEL_DATA_DIR", "./var"), config_file=os.environ.get("POLYPANEL_CONFIG"),
                     database_url=os.environ.get("POLYPANEL_DATABASE_URL"))
    sys.exit(BOX_UTILITIES[argv[1]](state, argv[2:], sys.stdout, sys.stderr))
