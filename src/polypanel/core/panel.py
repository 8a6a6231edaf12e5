"""The core's entry point: one Panel per process, over one store."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

from sqlalchemy import select
from sqlalchemy.engine import Engine

from polypanel.store.engine import make_sessionmaker, read_only_sessionmaker
from polypanel.store.models import Account, ProvisionJob

from .clock import Clock
from .context import Context
from .errors import NotFound
from .principal import Principal
from .server_names import NameProbe, NothingOnServer
from .settings import CoreSettings

# Called after a transaction that queued provisioning jobs has committed.
JobSink = Callable[[list[ProvisionJob]], None]


class Panel:
    def __init__(self, engine: Engine, settings: CoreSettings | None = None, clock: Clock | None = None):
        self.engine = engine
        self.sessions = make_sessionmaker(engine)
        self.readers = read_only_sessionmaker(engine)
        self.settings = settings or CoreSettings()
        self.clock = clock or Clock()
        self.job_sinks: list[JobSink] = []
        # What exists on the real servers; the provisioning layer registers its own (core/server_names.py).
        self.name_probe: NameProbe = NothingOnServer()

    @contextmanager
    def context(self, principal: Principal, *, read_only: bool = False) -> Iterator[Context]:
        """One transaction acting as ``principal``; commits on success, rolls back on any error.

        ``read_only`` for lookups (GET requests): on SQLite they then neither wait for nor block writers."""
        session = (self.readers if read_only else self.sessions)()
        ctx = Context(session=session, principal=principal, clock=self.clock, panel=self)
        try:
            with session.begin():
                yield ctx
        finally:
            session.close()
        if ctx.jobs:
            for sink in self.job_sinks:
                sink(ctx.jobs)

    def principal_for(self, login: str, *, api: str = "core", method: str = "system", source_ip: str = "") -> Principal:
        """A principal acting as the account ``login`` (used by the CLI on the box and by tests)."""
        with self.sessions() as s:
            acc = s.scalar(select(Account).where(Account.login == login))
            if acc is None:
                raise NotFound("account", login)
            return Principal(
                actor_id=acc.id, actor_login=acc.login, account_id=acc.id, login=acc.login,
                role=acc.role, method=method, source_ip=source_ip, api=api,
            )

    def admin(self, *, api: str = "core", source_ip: str = "") -> Principal:
        with self.sessions() as s:
            acc = s.scalar(select(Account).where(Account.role == "admin").order_by(Account.id))
        if acc is None:
            raise NotFound("account", "admin")
        return Principal(acc.id, acc.login, acc.id, acc.login, "admin", "system", source_ip, api)
