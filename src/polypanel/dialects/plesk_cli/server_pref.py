"""``plesk bin server_pref``: the server's preferences (core.server_prefs)."""
from __future__ import annotations

from polypanel.core import server_prefs

from .base import Command, Run, Utility, table

OPTIONS = {"hostname": "the server's full host name (--update)"}


def show(run: Run) -> None:
    prefs = server_prefs.show(run.ctx)
    table(run, [("Full hostname", prefs["hostname"])])


def update(run: Run) -> None:
    server_prefs.set_hostname(run.ctx, run.required("hostname"))
    run.say("SUCCESS: Server preferences were successfully updated.")


server_pref = Utility("server_pref", "server preferences", [
    Command("--show", show, "show the server's preferences", ("-s",), None, phrase="showing"),
    Command("--update", update, "change the server's preferences", ("-u",), None, phrase="update"),
], OPTIONS)
