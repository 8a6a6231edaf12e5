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

            self._runtime = open_runtime(self.data_dir, self.config_file, database_url=self.database_url)
            if self._runtime.admin_password:
                click.echo(f"New panel store created. Administrator login: admin   password: "
                           f"{self._runtime.admin_password}   (shown only once)", err=True)
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
