"""The core's entry point: one Panel per process, over one store."""
from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DataError, IntegrityError

from polypanel.store.engine import READ_ONLY, make_sessionmaker, read_only_sessionmaker
from polypanel.store.models import (Account, ApiToken, AuthBlock, Mailbox, OneTimeKey, ProvisionJob, SecretKey, Session,
                                     Setting, Subscription)

log = logging.getLogger("polypanel.core")
STORE_REFUSED = "A value in the request is too long, out of range or conflicts with another object"

# Rows whose change can make a credential verified moments ago invalid (auth's verified cache).
CREDENTIAL_ROWS = (Account, SecretKey, ApiToken, Session, OneTimeKey, AuthBlock, Mailbox, Subscription, Setting)

from .clock import Clock
from .unit_of_work import UnitOfWork
from .errors import Conflict, NotFound
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
        self.read_engine = engine.execution_options(**{READ_ONLY: True})
        self.settings = settings or CoreSettings()
        self.clock = clock or Clock()
        self.job_sinks: list[JobSink] = []
        # Background workers a committed unit of work may wake by name (``UnitOfWork.wake``), e.g. AutoSSL's.
        self.workers: dict[str, Callable[[], None]] = {}
        # Where AutoSSL gets certificates (core/autossl.py ``Source``); None: AutoSSL is off.
        self.certificate_source = None
        # What exists on the real servers; the provisioning layer registers its own (core/server_names.py).
        self.name_probe: NameProbe = NothingOnServer()
        # An embedded store (SQLite in WAL mode): a short lookup never waits for a writer, so
        # it may run on the event loop instead of paying a hop to a worker thread.
        self.local_store = engine.dialect.name == "sqlite"
        # Bumped after every commit in this process that changed an account, a credential or a
        # block; authentication drops what it verified before (see auth/verified_cache.py).
        self.credentials_epoch = 0
        # The embedded store's lookups run on one thread (the event loop): that thread keeps its read
        # connection between units of work instead of taking one from the pool each time.
        self._kept_reader = None
        self._kept_owner: int | None = None
        self._kept_busy = False
        for maker in (self.sessions, self.readers):
            event.listen(maker, "after_flush", self._note_credential_rows)
            event.listen(maker, "do_orm_execute", self._note_credential_statements)
            event.listen(maker, "after_commit", self._bump_if_credentials_changed)

    @staticmethod
    def _note_credential_rows(session, _flush_context) -> None:
        for obj in (*session.new, *session.dirty, *session.deleted):
            if isinstance(obj, CREDENTIAL_ROWS):
                session.info["credentials_changed"] = True
                return

    @staticmethod
    def _note_credential_statements(state) -> None:
        if (state.is_update or state.is_delete) and any(m.class_ in CREDENTIAL_ROWS for m in state.all_mappers):
            state.session.info["credentials_changed"] = True

    def _bump_if_credentials_changed(self, session) -> None:
        if session.info.pop("credentials_changed", False):
            self.credentials_epoch += 1

    def credentials_changed(self) -> None:
        """Drop every credential verified before now (for changes made without the ORM)."""
        self.credentials_epoch += 1

    @contextmanager
    def context(self, principal: Principal, *, read_only: bool = False) -> Iterator[UnitOfWork]:
        """One unit of work; a value the store refuses becomes the core's ``Conflict`` (no caller
        ever sees a store error)."""
        try:
            with self._context(principal, read_only=read_only) as ctx:
                yield ctx
        except (DataError, IntegrityError) as e:
            log.warning("the store refused a value: %s", type(getattr(e, "orig", None) or e).__name__)
            raise Conflict(STORE_REFUSED) from None

    @contextmanager
    def _context(self, principal: Principal, *, read_only: bool = False) -> Iterator[UnitOfWork]:
        """One transaction acting as ``principal``; commits on success, rolls back on any error.

        ``read_only`` for lookups (GET requests): on SQLite they then neither wait for nor block writers."""
        if read_only:
            with self._read_connection() as conn:
                ctx = UnitOfWork(principal=principal, clock=self.clock, settings=self.settings, name_probe=self.name_probe,
                              session_factory=lambda: self.readers(bind=conn), connection_=conn)
                try:
                    yield ctx
                finally:
                    if ctx._session is not None:
                        ctx._session.close()
            return
        session = self.sessions()
        ctx = UnitOfWork(principal=principal, clock=self.clock, settings=self.settings, name_probe=self.name_probe, session_factory=lambda: session)
        try:
            with session.begin():
                yield ctx
        finally:
            session.close()
        if ctx.jobs:
            for sink in self.job_sinks:
                sink(ctx.jobs)
        for name in sorted(ctx.wake):
            worker = self.workers.get(name)
            if worker is not None:
                worker()

    @contextmanager
    def _read_connection(self):
        """A connection in a read-only transaction, rolled back at the end (nothing to keep)."""
        conn = self._kept_connection()
        if conn is None:
            with self.read_engine.connect() as conn:
                with conn.begin() as tx:
                    try:
                        yield conn
                    finally:
                        if tx.is_active:
                            tx.rollback()
            return
        # The transaction is the driver's own (SQLAlchemy's transaction bookkeeping cost more than the
        # lookup); SQLAlchemy use inside joins it (store/engine.py sends no second BEGIN).
        driver = conn.connection.driver_connection
        self._kept_busy = True
        driver.execute("BEGIN")
        try:
            yield conn
        finally:
            self._kept_busy = False
            if conn.in_transaction():
                conn.rollback()
            if driver.in_transaction:
                driver.execute("ROLLBACK")

    def _kept_connection(self):
        """The embedded store's kept read connection, for the one thread that owns it (the first
        to ask: the event loop's); None elsewhere, and for a read nested in another."""
        if not self.local_store:
            return None
        me = threading.get_ident()
        if self._kept_owner is None:
            self._kept_owner = me
        if self._kept_owner != me or self._kept_busy:
            return None
        conn = self._kept_reader
        if conn is None or conn.closed or conn.invalidated:
            conn = self._kept_reader = self.read_engine.connect()
        return conn

    def close(self) -> None:
        """Give back the kept read connection and close the store's connections."""
        if self._kept_reader is not None:
            self._kept_reader.close()
            self._kept_reader = None
        self.engine.dispose()

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
