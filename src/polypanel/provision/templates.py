"""Jinja2 templates shipped in ``polypanel/provision/templates``.

An administrator may point an applier at a directory of overrides: a
template found there wins over the packaged one of the same name.
"""

from __future__ import annotations

import functools
import os

import jinja2


class Templates:
    def __init__(self, override_dir: str | os.PathLike[str] | None = None) -> None:
        self.environment = _environment(str(override_dir) if override_dir else None)

    def render(self, name: str, /, **context: object) -> str:
        return self.environment.get_template(name).render(**context)


@functools.lru_cache(maxsize=8)
def _environment(override_dir: str | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [jinja2.PackageLoader("polypanel.provision", "templates")]
    if override_dir:
        loaders.insert(0, jinja2.FileSystemLoader(override_dir))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=lambda name: bool(name and name.endswith(".html.j2")),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
