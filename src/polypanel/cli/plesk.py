"""A ``plesk`` command for scripts written for Plesk: ``plesk bin secret_key -c|-l|-d ...``."""
from __future__ import annotations

import sys

from polypanel.core.errors import PanelError

USAGE = """Usage: plesk bin secret_key <command> [<options>]
Commands:
  -c, --create    create a secret key (-ip-address IP[,IP..] -description TEXT -login LOGIN)
  -l, --list      list secret keys
  -d, --delete    delete a secret key (-key KEY)
"""


def _options(args: list[str]) -> dict[str, str]:
    opts, i = {}, 0
    while i < len(args):
        a = args[i]
        if a.startswith("-"):
            name = a.lstrip("-")
            if "=" in name:
                name, value = name.split("=", 1)
                opts[name] = value
            elif i + 1 < len(args) and not args[i + 1].startswith("-"):
                opts[name] = args[i + 1]
                i += 1
            else:
                opts[name] = ""
        i += 1
    return opts


def secret_key(state, args: list[str], out, err) -> int:
    """Run ``secret_key`` with Plesk's options; returns the exit code."""
    from polypanel.auth import keys

    if not args or args[0] in ("-h", "--help"):
        out.write(USAGE)
        return 0 if args else 1
    command, opts = args[0], _options(args[1:])
    try:
        with state.context() as ctx:
            if command in ("-c", "--create", "-create"):
                _row, key = keys.create(ctx, login=opts.get("login") or None, ips=opts.get("ip-address"),
                                        description=opts.get("description", ""))
                out.write(key + "\n")
            elif command in ("-l", "--list", "-list"):
                for row in keys.list_(ctx):
                    out.write(f"Key: {row.hint}...\nLogin: {row.account.login}\nIP addresses: {','.join(row.ips)}\n"
                              f"Description: {row.description}\n\n")
            elif command in ("-d", "--delete", "-delete"):
                key = opts.get("key") or (args[1] if len(args) > 1 and not args[1].startswith("-") else "")
                if not key:
                    err.write("The key is not specified: use -key KEY\n")
                    return 1
                keys.delete(ctx, key)
                out.write("The key was successfully deleted.\n")
            else:
                err.write(f"Unknown command: {command}\n{USAGE}")
                return 1
    except PanelError as e:
        err.write(f"An error occurred: {e.message}\n")
        return 1
    return 0


from .plesk_utilities import customer, domain  # noqa: E402  (they use _options above)

UTILITIES = {"secret_key": secret_key, "customer": customer, "domain": domain}


def admin(state, args: list[str], out, err) -> int:
    """``plesk bin admin --set-admin-password -passwd PW`` (or PSA_PASSWORD), as on Plesk. Only on the box."""
    from polypanel.core import accounts, bootstrap

    from .plesk_utilities import _password

    if not args or args[0] != "--set-admin-password":
        (out if args and args[0] in ("-h", "--help") else err).write(
            "Usage: plesk bin admin --set-admin-password -passwd PASSWORD   (or PSA_PASSWORD in the environment)\n")
        return 0 if args and args[0] in ("-h", "--help") else 1
    password = _password(state, _options(args[1:]))
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
