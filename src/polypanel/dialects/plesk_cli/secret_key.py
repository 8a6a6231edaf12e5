"""``plesk bin secret_key -c|-l|-d``: the XML and REST APIs' secret keys (auth.keys), from the command line."""
from __future__ import annotations

from polypanel.auth import keys

from .base import Command, Run, Utility, Usage

OPTIONS = {"ip-address": "IP address(es) the key works from, comma separated",
           "description": "description of the key", "login": "owner of the key (default: the caller)",
           "key": "the key to delete"}


def create(run: Run) -> None:
    _row, key = keys.create(run.ctx, login=run.opt("login") or None, ips=run.opt("ip-address"),
                            description=run.opt("description", ""))
    run.say(key)


def list_(run: Run) -> None:
    for row in keys.list_(run.ctx):
        run.say(f"Key: {row.hint}...\nLogin: {row.account.login}\nIP addresses: {','.join(row.ips)}\n"
                f"Description: {row.description}\n")


def delete(run: Run) -> None:
    key = run.opt("key") or run.target
    if not key:
        raise Usage("The key is not specified: use -key KEY")
    keys.delete(run.ctx, key)
    run.say("The key was successfully deleted.")


secret_key = Utility("secret_key", "secret key", [
    Command("--create", create, "create a secret key", ("-c",), None, phrase="creation"),
    Command("--list", list_, "list secret keys", ("-l",), None, phrase="listing"),
    Command("--delete", delete, "delete a secret key (-key KEY)", ("-d",), "KEY", target_optional=True,
            phrase="removal"),
], OPTIONS)
