"""``plesk bin secret_key -c|-l|-d``: the XML and REST APIs' secret keys, from the command line."""
from __future__ import annotations

from polypanel.core.errors import PanelError

from .options import parse as _options

USAGE = """Usage: plesk bin secret_key <command> [<options>]
Commands:
  -c, --create    create a secret key (-ip-address IP[,IP..] -description TEXT -login LOGIN)
  -l, --list      list secret keys
  -d, --delete    delete a secret key (-key KEY)
"""


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
