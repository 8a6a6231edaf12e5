"""The unit of work every core service runs in: one transaction, the acting principal, the clock,
the server's settings, the audit trail and the provisioning jobs queued with the change."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from polypanel.store.models import AuditEvent, ProvisionJob

from .clock import Clock
from .errors import AlreadyExists
from .principal import Principal
from .server_names import NameProbe
from .settings import CoreSettings
from .vocabulary import JobTarget



@dataclass
class UnitOfWork:
    principal: Principal
    clock: Clock
    settings: CoreSettings
    name_probe: NameProbe  # what exists on the real servers (core/server_names.py)
    session_factory: Callable[[], Session]
    jobs: list[ProvisionJob] = field(default_factory=list)
    # Background workers to wake once this unit of work has committed (``Panel.workers``; e.g. "autossl").
    wake: set[str] = field(default_factory=set)
    _session: Session | None = None
    connection_: object = None  # a read-only unit of work's connection (no ORM session needed)

    @property
    def session(self) -> Session:
        """The ORM session of this unit of work, made on first use (a lookup that reads plain
        rows through ``connection()`` never pays for one)."""
        if self._session is None:
            self._session = self.session_factory()
        return self._session

    def connection(self):
        """The unit of work's connection, for plain SQL reads (see ``account_views``)."""
        if self.connection_ is not None:
            return self.connection_
        return self.session.connection()

    def now(self):
        return self.clock.now()

    def audit(self, action: str, object_type: str = "", object_id: object = "", detail: str = "") -> None:
        p = self.principal
        self.session.add(
            AuditEvent(
                at=self.now(),
                actor=(p.actor_login or "")[:64],  # account logins: never what a caller typed
                effective=(p.login or "")[:64],
                source_ip=(p.source_ip or "")[:64],
                api=p.api,
                action=action,
                object_type=object_type,
                object_id=str(object_id),
                detail=detail,
            )
        )

    def enqueue(self, target: JobTarget) -> None:
        """Record that ``target`` must be (re)applied, in this same transaction."""
        if any(j.service == target.service and j.target == target.key for j in self.jobs):
            return
        job = ProvisionJob(service=target.service, target=target.key, status="pending", created_at=self.now())
        self.session.add(job)
        self.jobs.append(job)

    def insert(self, obj, kind: str, name: str):
        """Add ``obj`` and flush, turning a uniqueness race into a clean AlreadyExists."""
        self.session.add(obj)
        try:
            with self.session.begin_nested():
                self.session.flush()
        except IntegrityError:
            raise AlreadyExists(kind, name) from None
        return obj
