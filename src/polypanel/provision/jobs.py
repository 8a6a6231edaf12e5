"""Running provision jobs: pending rows of ``provision_jobs`` -> appliers.

A run claims every pending job (status ``running``), groups them by service,
reads the desired state of their targets from the store, applies each
service's batch in one go (one validation, one reload) and marks each job
``done`` or ``failed`` with the tool's message.  A web job also sets its
domain's ``provision_status``/``provision_error``, so the API can show it.
A job that stands for several objects (a domain's mailboxes, the FTP users)
names each refused one at the start of its lines, ``[<key>] <reason>``, so
``core.provisioning_state`` can tell each object its own state.

Job targets, as the core enqueues them: ``web`` and ``dns``: the ASCII
domain or zone name; ``mail``: the ASCII domain whose mailboxes changed;
``ftp``: ``all``; ``db``: ``database:<server id>:<name>`` or
``user:<server id>:<login>``.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from polypanel.core.panel import Panel
from polypanel.core.vocabulary import JobTarget
from polypanel.provision.databases import DatabaseItem
from polypanel.provision.desired import DesiredLayout, DesiredReader
from polypanel.provision.errors import ApplyFailed, ProvisionError
from polypanel.provision.provisioning import Provisioning
from polypanel.provision.report import ApplyReport
from polypanel.provision.specs import DatabaseSpec, DatabaseUserSpec
from polypanel.store.models import DatabaseServer, Domain, ProvisionJob

log = logging.getLogger("polypanel.provision")


@dataclass(frozen=True)
class JobOutcome:
    id: int
    service: str
    target: str
    status: str  # done | failed
    error: str = ""


@dataclass
class _Batch:
    """One service's work: what to apply, and which keys each job stands for."""

    upsert: list
    remove: list
    keys: dict[int, list[str]]  # job id -> applier keys
    full: bool = False  # reconcile the service instead of apply
    errors: dict[int, str] = field(default_factory=dict)  # job id -> why it cannot run


def _about(key: str, message: str, target: str) -> str:
    """A refused key's message, each line naming the key when the job stands for several."""
    if key == target:
        return message
    return "\n".join(f"[{key}] {line}" for line in message.splitlines() or [""])


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class JobRunner:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        provisioning: Provisioning,
        layout: DesiredLayout,
        *,
        clock: Callable[[], datetime.datetime] = _now,
        readers: sessionmaker[Session] | None = None,
        keep_done: datetime.timedelta = datetime.timedelta(days=7),
    ) -> None:
        self.sessions = sessions
        self.readers = readers or sessions
        self.keep_done = keep_done
        self.provisioning = provisioning
        self.layout = layout
        self.clock = clock
        self._lock = threading.Lock()

    @classmethod
    def for_panel(cls, panel: Panel, provisioning: Provisioning) -> JobRunner:
        """A runner over ``panel``'s store, laid out as its settings and the
        provisioning's mail applier say."""
        layout = DesiredLayout(
            vhosts_root=panel.settings.vhosts_root,
            mail_root=str(provisioning.mail.mail_root),
            php_fpm_socket=provisioning.php_fpm_socket,
        )
        return cls(panel.sessions, provisioning, layout, clock=panel.clock.now, readers=panel.readers)

    def recover(self) -> int:
        """Put jobs a crashed run left ``running`` back to ``pending``."""
        with self.sessions.begin() as session:
            result = session.execute(
                update(ProvisionJob).where(ProvisionJob.status == "running").values(status="pending")
            )
            return result.rowcount or 0

    def run_pending(self) -> list[JobOutcome]:
        """Apply every pending job; one run at a time per process."""
        with self._lock:
            jobs = self._claim()
            if not jobs:
                return []
            outcomes: list[JobOutcome] = []
            for service in ("dns", "web", "db", "mail", "ftp"):
                batch_jobs = [job for job in jobs if job.service == service]
                if batch_jobs:
                    outcomes += self._run_service(service, batch_jobs)
            unknown = [job for job in jobs if job.service not in ("dns", "web", "db", "mail", "ftp")]
            outcomes += [JobOutcome(j.id, j.service, j.target, "failed", f"unknown service {j.service!r}") for j in unknown]
            self._finish(outcomes)
            return outcomes

    def reconcile(self) -> dict[str, ApplyReport]:
        """Full reconcile from the store (start-up, ``polypanel reconcile``);
        jobs pending before it are settled by it."""
        with self._lock:
            jobs = self._claim()
            with self.sessions() as session:
                desired = DesiredReader(session, self.layout).state()
            reports = self.provisioning.reconcile(desired)
            outcomes = []
            for job in jobs:
                report = reports.get(job.service)
                errors = [msg for key, msg in (report.rejected.items() if report else []) if job.target in key or key == job.service]
                outcomes.append(JobOutcome(job.id, job.service, job.target, "failed" if errors else "done", "\n".join(errors)))
            self._finish(outcomes)
            return reports

    def sink(self, timeout: float | None = None) -> Callable[[Sequence[ProvisionJob]], None]:
        """A ``Panel.job_sinks`` entry: run the jobs right after their
        transaction commits, waiting at most ``timeout`` seconds (the rest
        finishes in the background)."""

        def run(_jobs: Sequence[ProvisionJob]) -> None:
            worker = threading.Thread(target=self._run_logged, name="polypanel-provision", daemon=True)
            worker.start()
            worker.join(timeout)

        return run

    def _run_logged(self) -> None:
        try:
            self.run_pending()
        except Exception:  # noqa: BLE001 - a background run must not die silently
            log.exception("provisioning run failed")

    # -- claiming and finishing ------------------------------------------------

    def _claim(self) -> list[ProvisionJob]:
        # The panel polls for other processes' jobs: look without taking the write lock first.
        with self.readers() as reader:
            if reader.scalar(select(ProvisionJob.id).where(ProvisionJob.status == "pending").limit(1)) is None:
                return []
        with self.sessions.begin() as session:
            jobs = list(session.scalars(
                select(ProvisionJob).where(ProvisionJob.status == "pending").order_by(ProvisionJob.id)
            ))  # fmt: skip
            claimed = []
            for job in jobs:
                # No synchronisation with the session: evaluating the criteria against every job
                # loaded made claiming n jobs cost n² (minutes for a big box's first start).
                result = session.execute(
                    update(ProvisionJob)
                    .where(ProvisionJob.id == job.id, ProvisionJob.status == "pending")
                    .values(status="running")
                    .execution_options(synchronize_session=False)
                )
                if result.rowcount:
                    claimed.append(job)
            session.expunge_all()
        return claimed

    def _finish(self, outcomes: Iterable[JobOutcome]) -> None:
        now = self.clock()
        with self.sessions.begin() as session:
            # Jobs that went well are history after a while; failed ones stay until looked at.
            session.execute(delete(ProvisionJob).where(ProvisionJob.status == "done",
                                                       ProvisionJob.finished_at < now - self.keep_done))
            for outcome in outcomes:
                session.execute(
                    update(ProvisionJob)
                    .where(ProvisionJob.id == outcome.id)
                    .values(status=outcome.status, error=outcome.error[:20000], finished_at=now)
                )
                if outcome.service == "web":
                    session.execute(
                        update(Domain)
                        .where(Domain.ascii_name == outcome.target)
                        .values(provision_status="error" if outcome.error else "ok", provision_error=outcome.error)
                    )

    # -- one service -------------------------------------------------------------

    def _run_service(self, service: str, jobs: list[ProvisionJob]) -> list[JobOutcome]:
        applier = self.provisioning.appliers()[service]
        with self.sessions() as session:
            batch = self._plan(service, jobs, DesiredReader(session, self.layout), session)
        try:
            if batch.full:
                report = applier.reconcile(batch.upsert)  # type: ignore[attr-defined]
            else:
                report = applier.apply(batch.upsert, batch.remove)  # type: ignore[attr-defined]
        except ApplyFailed as failure:
            report = failure.report
        except ProvisionError as failure:
            log.error("provisioning %s failed: %s", service, failure)
            return [JobOutcome(j.id, j.service, j.target, "failed", str(failure)) for j in jobs]
        outcomes = []
        for job in jobs:
            errors = [_about(key, report.rejected[key], job.target)
                      for key in batch.keys.get(job.id, []) if key in report.rejected]
            if job.id in batch.errors:
                errors.append(batch.errors[job.id])
            if service in report.rejected:
                errors.append(report.rejected[service])
            outcomes.append(JobOutcome(job.id, job.service, job.target, "failed" if errors else "done", "\n".join(errors)))
        return outcomes

    def _plan(self, service: str, jobs: list[ProvisionJob], reader: DesiredReader, session: Session) -> _Batch:
        batch = _Batch([], [], {})
        if service == "ftp":
            batch.upsert, batch.full = reader.ftp_users(), True
            batch.keys = {job.id: [user.key for user in batch.upsert] for job in jobs}
            return batch
        seen: set[str] = set()
        for job in jobs:
            if service == "web":
                found = reader.site_for(job.target)
                self._add(batch, job, job.target, found, seen)
            elif service == "dns":
                found = reader.zone_for(job.target)
                self._add(batch, job, job.target, found, seen)
            elif service == "mail":
                mailboxes = reader.mailboxes(domain=job.target)
                wanted = {m.key for m in mailboxes}
                stale = sorted(self.provisioning.mail.keys_of_domain(job.target) - wanted)
                batch.upsert += mailboxes
                batch.remove += stale
                batch.keys[job.id] = [*wanted, *stale]
            else:
                self._plan_database(batch, job, reader, session, seen)
        return batch

    @staticmethod
    def _add(
        batch: _Batch, job: ProvisionJob, key: str, found: object | None, seen: set[str], gone: object | None = None
    ) -> None:
        """Job ``job`` stands for ``key``: upsert ``found``, or remove
        ``gone`` (default: the key) when the store no longer has it."""
        batch.keys[job.id] = [key]
        if key in seen:
            return
        seen.add(key)
        if found is None:
            batch.remove.append(key if gone is None else gone)
        else:
            batch.upsert.append(found)

    def _plan_database(
        self, batch: _Batch, job: ProvisionJob, reader: DesiredReader, session: Session, seen: set[str]
    ) -> None:
        try:
            target = JobTarget.parse(job.service, job.target)
        except ValueError as e:
            batch.errors[job.id] = str(e)
            return
        kind, server_id, name = target.kind, target.server_id, target.name
        server = session.get(DatabaseServer, server_id)
        type_ = server.type if server is not None else "mysql"
        spec: DatabaseItem | None
        if kind == "database":
            spec = reader.database_for(server_id, name)
            gone: DatabaseItem = DatabaseSpec(name=name, type=type_, server=str(server_id))  # type: ignore[arg-type]
            # the server's users follow: their grants may name this database
            for user in reader.database_users():
                user_key = self.provisioning.databases.key_for(user)
                if user.server == str(server_id) and user_key not in seen:
                    seen.add(user_key)
                    batch.upsert.append(user)
        else:
            spec = reader.database_user_for(server_id, name)
            gone = DatabaseUserSpec(login=name, password_hash="", type=type_, server=str(server_id))  # type: ignore[arg-type]
        self._add(batch, job, self.provisioning.databases.key_for(spec or gone), spec, seen, gone)
