"""What every ``plesk bin`` utility shares: its commands and options, the parsing of a command line,
Plesk's output lines and exit codes, and running one command in one unit of work as the caller.

A utility is a ``Utility``: ``(state, args, out, err) -> exit code``, where ``state`` gives
``context()`` (a unit of work acting as the caller) and ``environ``. Each command calls core
services only, so a utility never does more than the caller may do through the REST or XML API.

Output, as Plesk's utilities print it: ``SUCCESS: Creation of domain 'example.com' completed.``;
errors on stderr as ``An error occurred during domain creation: <reason>`` with exit code 1;
an unknown command or option, or a missing argument, gets the usage on stderr and exit code 1.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable

from polypanel.core.errors import Invalid, PanelError

MAX_ARGS = 200  # a command line longer than this is refused: no utility takes that many
MAX_ARG = 64 * 1024


class Usage(Exception):
    """A command line the utility does not understand: the message and the usage, exit code 1."""


@dataclass
class Run:
    """One command being run: the unit of work, its target, its options, where to write."""

    ctx: object
    state: object
    command: str
    target: str
    opts: dict[str, str]
    out: object

    def opt(self, name: str, default=None):
        return self.opts.get(name, default)

    def required(self, name: str) -> str:
        value = self.opts.get(name)
        if not value:
            raise Invalid(name, f"the option -{name} is required")
        return value

    def flag(self, name: str, default: bool | None = None) -> bool | None:
        """A ``true``/``false`` option (Plesk's booleans)."""
        if name not in self.opts:
            return default
        value = self.opts[name].strip().lower()
        if value in ("true", "on", "yes", "1", ""):
            return True
        if value in ("false", "off", "no", "0"):
            return False
        raise Invalid(name, f"the option -{name} takes true or false, not '{self.opts[name]}'")

    def number(self, name: str, default=None):
        """A limit or quota: an integer, ``-1`` or ``unlimited`` (-1); ``100M``/``1G`` in megabytes."""
        if name not in self.opts:
            return default
        value = self.opts[name].strip().upper()
        if value in ("-1", "UNLIMITED"):
            return -1
        factor = {"K": 1 / 1024, "M": 1, "G": 1024, "T": 1024 * 1024}.get(value[-1:]) if value else None
        digits = value[:-1] if factor else value
        if not digits.isdigit() or len(digits) > 12:
            raise Invalid(name, f"the option -{name} takes a number, not '{self.opts[name]}'")
        return int(int(digits) * factor) if factor else int(digits)

    def password(self, name: str = "passwd") -> str | None:
        """``-passwd`` as given, or the ``PSA_PASSWORD`` environment variable when it is empty (as in Plesk)."""
        if name not in self.opts:
            return None
        environ = getattr(self.state, "environ", None) or os.environ
        return self.opts[name] or environ.get("PSA_PASSWORD", "")

    def say(self, line: str) -> None:
        self.out.write(line + "\n")


@dataclass(frozen=True)
class Command:
    name: str  # --create
    handler: Callable[[Run], None]
    help: str
    short: tuple[str, ...] = ()  # -c
    target: str | None = "NAME"  # what the argument after the command is; None: it takes none
    target_optional: bool = False
    phrase: str = ""  # "creation": for "An error occurred during domain creation"


@dataclass
class Utility:
    name: str
    noun: str  # "domain": for the error line
    commands: list[Command]
    options: dict[str, str]  # option (without the dash) -> help; every option takes a value
    flags: frozenset[str] = frozenset()  # options that take no value
    _by_name: dict[str, Command] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        for c in self.commands:
            for alias in (c.name, *c.short):
                self._by_name[alias] = c
                if alias.startswith("--"):
                    self._by_name[alias[1:]] = c  # Plesk accepts -create as well as --create

    # -- the reference (GET /cli/{id}/ref and --help) ----------------------------------------

    def reference(self) -> dict:
        commands = {}
        for c in self.commands:
            text = f"{c.help}" + (f" ({c.name} {c.target})" if c.target else "")
            for alias in (c.name, *c.short):
                commands[alias] = text
        return {"allowed_commands": commands, "allowed_options": {f"-{k}": v for k, v in self.options.items()}}

    def usage(self) -> str:
        lines = [f"Usage: plesk bin {self.name} <command> [<NAME>] [<option_1> [<param>] ... <option_N> [<param>]]",
                 "", "Commands:"]
        for c in self.commands:
            names = " or ".join((c.name, *c.short))
            lines.append(f"  {names:<28} {c.help}" + (f" ({c.target})" if c.target else ""))
        if self.options:
            lines += ["", "Options:"]
            lines += [f"  -{k:<27} {v}" for k, v in self.options.items()]
        return "\n".join(lines) + "\n"

    # -- running -------------------------------------------------------------------------------

    def parse(self, args: list[str]) -> tuple[Command, str, dict[str, str]]:
        if len(args) > MAX_ARGS or any(len(a) > MAX_ARG for a in args):
            raise Usage("The command line is too long")
        command = self._by_name.get(args[0])
        if command is None:
            raise Usage(f"Unknown command: {args[0]}")
        rest = args[1:]
        target = ""
        if command.target and rest and not (rest[0].startswith("-") and rest[0][1:2].isalpha()):
            target, rest = rest[0], rest[1:]
        if command.target and not target and not command.target_optional:
            raise Usage(f"The {command.target.lower()} is not specified for {command.name}")
        opts: dict[str, str] = {}
        i = 0
        while i < len(rest):
            word = rest[i]
            if not word.startswith("-") or len(word) < 2:
                raise Usage(f"Unexpected argument: {word}")
            name, eq, value = word.lstrip("-").partition("=")
            if name in self.flags:
                opts[name] = value if eq else ""
            elif name in self.options:
                if not eq:
                    if i + 1 >= len(rest):
                        raise Usage(f"The option -{name} needs a value")
                    i += 1
                    value = rest[i]
                opts[name] = value
            else:
                raise Usage(f"Unknown option: -{name}")
            i += 1
        return command, target, opts

    def __call__(self, state, args: list[str], out, err) -> int:
        if not args or args[0] in ("-h", "--help", "help"):
            (out if args else err).write(self.usage())
            return 0 if args else 1
        try:
            command, target, opts = self.parse(args)
        except Usage as e:
            err.write(f"{e}\n\n{self.usage()}")
            return 1
        try:
            with state.context() as ctx:
                command.handler(Run(ctx, state, command.name, target, opts, out))
        except Usage as e:
            err.write(f"{e}\n\n{self.usage()}")
            return 1
        except PanelError as e:
            phrase = command.phrase or command.name.lstrip("-").replace("-", " ")
            err.write(f"An error occurred during {self.noun} {phrase}: {e.message}\n")
            return 1
        return 0


def created(run: Run, noun: str, name: str) -> None:
    run.say(f"SUCCESS: Creation of {noun} '{name}' completed.")


def updated(run: Run, noun: str, name: str) -> None:
    run.say(f"SUCCESS: Update of {noun} '{name}' completed.")


def removed(run: Run, name: str) -> None:
    run.say(f"SUCCESS: Removal of '{name}' completed.")


def table(run: Run, rows: list[tuple[str, object]]) -> None:
    """An ``--info`` block: ``Label:   value`` lines, aligned as Plesk prints them."""
    width = max((len(k) for k, _v in rows), default=0) + 2
    for key, value in rows:
        run.say(f"{key + ':':<{width}}{'' if value is None else value}")


def status_word(status: str) -> str:
    return "OK" if status == "active" else "Suspended" if status == "suspended" else status.capitalize()
