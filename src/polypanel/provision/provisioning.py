"""The set of appliers a panel runs with, and the daemons it supervises."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from polypanel.provision.daemons import Daemon
from polypanel.provision.databases import DatabaseApplier
from polypanel.provision.dns import DnsApplier
from polypanel.provision.errors import ApplyFailed, ProvisionError
from polypanel.provision.ftp import FtpApplier
from polypanel.provision.mail import MailApplier
from polypanel.provision.report import ApplyReport
from polypanel.provision.specs import DesiredState
from polypanel.provision.web import WebApplier

log = logging.getLogger("polypanel.provision")


@dataclass
class Provisioning:
    web: WebApplier
    dns: DnsApplier
    databases: DatabaseApplier
    mail: MailApplier
    ftp: FtpApplier
    daemons: list[Daemon] = field(default_factory=list)
    backends: dict[str, str] = field(default_factory=dict)  # service -> "nginx", "dry", ...
    warnings: list[str] = field(default_factory=list)
    php_fpm_socket: str | None = None  # [web] php_fpm_socket: PHP sites pass to it; None: static only
    access_logs: tuple[str, ...] = ()  # nginx access logs in the "vhost" format (the supervised nginx's)
    _traffic: object | None = field(default=None, repr=False, compare=False)

    def traffic(self, year: int, month: int) -> dict[str, int] | None:
        """Bytes served per host name in that month, from the access logs; None when no log is known."""
        if not self.access_logs:
            return None
        if self._traffic is None:
            from polypanel.provision.traffic import TrafficLog
            self._traffic = TrafficLog(self.access_logs)
        return self._traffic.bytes_by_host(year, month)

    def start(self) -> None:
        """Start the supervised daemons (stand-in mode); no-op for system ones."""
        started: list[Daemon] = []
        try:
            for daemon in self.daemons:
                daemon.start()
                started.append(daemon)
        except BaseException:
            for daemon in reversed(started):
                daemon.stop()
            raise

    def stop(self) -> None:
        for daemon in reversed(self.daemons):
            daemon.stop()

    def __enter__(self) -> Provisioning:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def appliers(self) -> Mapping[str, WebApplier | DnsApplier | DatabaseApplier | MailApplier | FtpApplier]:
        """By the service names of provision jobs: web, dns, db, mail, ftp."""
        return {"web": self.web, "dns": self.dns, "db": self.databases, "mail": self.mail, "ftp": self.ftp}

    def reconcile(self, desired: DesiredState) -> dict[str, ApplyReport]:
        """Reconcile every applier with the complete desired state.  Never
        raises for rejected specs: they are in each report's ``rejected``."""
        plan = {
            "web": (self.web, desired.sites),
            "dns": (self.dns, desired.zones),
            "db": (self.databases, (*desired.databases, *desired.database_users)),
            "mail": (self.mail, desired.mailboxes),
            "ftp": (self.ftp, desired.ftp_users),
        }
        reports: dict[str, ApplyReport] = {}
        for service, (applier, specs) in plan.items():
            try:
                reports[service] = applier.reconcile(specs)  # type: ignore[attr-defined]
            except ApplyFailed as failure:
                reports[service] = failure.report
            except ProvisionError as failure:
                log.error("reconcile of %s failed: %s", service, failure)
                reports[service] = ApplyReport(service, rejected={service: str(failure)})
        return reports
