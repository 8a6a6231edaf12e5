"""The provisioning exception tree.

ProvisionError
  ConfigError        a [web]/[dns]/... setting is unusable
  SpecInvalid        a spec cannot be rendered (bad name, path, rdata)
  ValidationFailed   the real tool rejected staged config (backends raise it)
  ApplyFailed        some changes of an apply were rejected; carries the report
  ReloadFailed       the daemon did not take a validated config
  DatabaseError      a database server refused a statement
  DaemonError        a supervised daemon would not start or stop
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from polypanel.provision.report import ApplyReport


class ProvisionError(Exception):
    """Base of every provisioning error."""


class ConfigError(ProvisionError):
    """A provisioning setting in panel.ini is missing or unusable."""


class SpecInvalid(ProvisionError):
    """A spec cannot be rendered safely."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key = key
        self.reason = reason


class ValidationFailed(ProvisionError):
    """The validating tool rejected staged config.  ``culprits`` are the
    staged files (paths relative to the config directory) its message names;
    empty when it named none of them."""

    def __init__(self, tool: str, message: str, culprits: Collection[str] = ()) -> None:
        super().__init__(f"{tool}: {message}")
        self.tool = tool
        self.message = message
        self.culprits = frozenset(culprits)


class ApplyFailed(ProvisionError):
    """Some changes were rejected; the rest (``report.changed``/``removed``)
    were applied.  ``rejected`` maps spec keys to the tool's message."""

    def __init__(self, report: ApplyReport) -> None:
        lines = "; ".join(f"{key}: {msg}" for key, msg in report.rejected.items())
        super().__init__(f"{report.kind}: rejected {lines}")
        self.report = report

    @property
    def rejected(self) -> Mapping[str, str]:
        return self.report.rejected


class ReloadFailed(ProvisionError):
    """The daemon did not load validated config; the previous files were
    restored."""

    def __init__(self, tool: str, message: str) -> None:
        super().__init__(f"{tool}: {message}")
        self.tool = tool
        self.message = message


class DatabaseError(ProvisionError):
    """A database server refused a statement."""

    def __init__(self, server: str, message: str) -> None:
        super().__init__(f"{server}: {message}")
        self.server = server
        self.message = message


class DaemonError(ProvisionError):
    """A supervised daemon did not start, answer or stop."""
