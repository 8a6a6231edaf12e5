"""What every ``polypanel`` subcommand shares: finding the panel's store and acting as its admin."""
from __future__ import annotations

import functools
import json
from contextlib import contextmanager
from dataclasses import dataclass, field

import click


@dataclass
class CliState:
    data_dir: str
    config_file: str | None = None
    database_url: str | None = None
    _runtime: object = field(default=None, repr=False)

    def runtime(self):
        if self._runtime is None:
            from polypanel.server.runtime import open_runtime

            from polypanel.core import bootstrap

            self._runtime = open_runtime(self.data_dir, self.config_file, database_url=self.database_url)
            shown = bootstrap.take_unseen_admin_password(self._runtime.panel, self._runtime.admin_password)
            if shown:
                click.echo(f"New panel store created. Administrator login: admin   password: "
                           f"{shown}   (shown only once)", err=True)
        return self._runtime

    @contextmanager
    def context(self):
        rt = self.runtime()
        with rt.panel.context(rt.panel.admin(api="cli")) as ctx:
            yield ctx


def pass_state(f):
    @click.pass_obj
    @functools.wraps(f)
    def wrapper(state, *args, **kwargs):
        return f(state, *args, **kwargs)

    return wrapper


# Accepted before the subcommand (on the group, with their environment variables) and after it.
PANEL_OPTIONS = (("--data-dir", "data_dir", "Where the panel keeps its store, certificates and panel.ini."),
                 ("--config", "config_file", "panel.ini (default DATA_DIR/panel.ini)."),
                 ("--database-url", "database_url", "Store URL (default: SQLite in DATA_DIR)."))


def _setter(attr: str):
    def callback(ctx: click.Context, _param, value):
        if value is not None:
            setattr(ctx.find_object(CliState), attr, value)

    return callback


def share_panel_options(group: click.Group) -> None:
    """Give every subcommand (at any depth) the group's --data-dir, --config and --database-url."""
    for command in group.commands.values():
        names = {opt for p in command.params for opt in getattr(p, "opts", [])}
        for flag, attr, help_ in PANEL_OPTIONS:
            if flag not in names:
                command.params.append(click.Option([flag], default=None, expose_value=False, callback=_setter(attr),
                                                   help=help_))
        if isinstance(command, click.Group):
            share_panel_options(command)


def print_rows(rows: list[dict], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(rows, indent=2, default=str))
        return
    if not rows:
        click.echo("(none)")
        return
    cols = list(rows[0])
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in cols}
    click.echo("  ".join(c.upper().ljust(widths[c]) for c in cols).rstrip())
    for r in rows:
        click.echo("  ".join(str(r[c]).ljust(widths[c]) for c in cols).rstrip())
