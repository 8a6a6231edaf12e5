"""``plesk bin extension``: the panel's extensions (core.extensions)."""
from __future__ import annotations

from polypanel.core import extensions

from .base import Command, Run, Utility, table


def list_(run: Run) -> None:
    for e in extensions.list_(run.ctx):
        run.say(f"{e.id:<30} {e.name:<40} {e.version}-{e.release} {'enabled' if e.active else 'disabled'}")


def info(run: Run) -> None:
    e = extensions.get(run.ctx, run.target)
    table(run, [("ID", e.id), ("Name", e.name), ("Version", f"{e.version}-{e.release}"),
                ("Status", "enabled" if e.active else "disabled")])


def install(run: Run) -> None:
    e = extensions.install(run.ctx, ext_id=run.target)
    run.say(f"The extension '{e.id}' was successfully installed.")


def uninstall(run: Run) -> None:
    extensions.remove(run.ctx, run.target)
    run.say(f"The extension '{run.target}' was successfully uninstalled.")


def switch(active: bool):
    def handler(run: Run) -> None:
        extensions.set_active(run.ctx, run.target, active)
        run.say(f"The extension '{run.target}' was successfully {'enabled' if active else 'disabled'}.")
    return handler


extension = Utility("extension", "extension", [
    Command("--list", list_, "list the installed extensions", ("-l",), None, phrase="listing"),
    Command("--info", info, "show an extension", ("-i",), "ID", phrase="getting info"),
    Command("--install", install, "install an extension by its id", (), "ID", phrase="installation"),
    Command("--uninstall", uninstall, "remove an extension", (), "ID", phrase="removal"),
    Command("--enable", switch(True), "enable an extension", (), "ID", phrase="enabling"),
    Command("--disable", switch(False), "disable an extension", (), "ID", phrase="disabling"),
], {})
