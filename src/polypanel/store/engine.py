"""Engines and sessions for the configured database (SQLite by default, PostgreSQL optional)."""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker, Session


def normalise_url(url: str) -> str:
    """Accept the plain URL forms an admin would write and pick our drivers."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{Path(data_dir).resolve() / 'panel.db'}"


PRIVATE_FILE = 0o600  # the store holds every password hash: only the panel's user reads it


def private_sqlite_files(url: str) -> None:
    """Create an SQLite store file 0600 before SQLite does (its -wal and -shm files take the
    store's mode), and bring existing ones back to 0600."""
    path = make_url(url).database
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    if not os.path.exists(path) and os.path.isdir(os.path.dirname(path) or "."):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
    for name in (path, path + "-wal", path + "-shm", path + "-journal"):
        if os.path.exists(name) and os.stat(name).st_mode & 0o777 != PRIVATE_FILE:
            os.chmod(name, PRIVATE_FILE)


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        private_sqlite_files(url)
        # Up to 40 worker threads (anyio's default) may each hold a connection. Connections beyond
        # ``pool_size`` are closed when given back, and each new one costs a connect and its pragmas:
        # keep enough for a busy listener's lookups (sessions checked per call) so none is re-opened per call.
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                               pool_size=20, max_overflow=20)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            # Let SQLAlchemy, not pysqlite, begin transactions, so BEGIN IMMEDIATE can be used for writes.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):  # pragma: no cover - trivial
            # Writers take the write lock up front (no lock upgrade that could fail mid-way);
            # read-only sessions (see read_only_sessionmaker) share the WAL snapshot freely.
            # Straight to the driver: the statement needs none of SQLAlchemy's execution machinery
            # (events, result objects), and every request pays for it.
            driver = conn.connection.driver_connection
            if not driver.in_transaction:  # a read the core began on the driver itself (core/panel.py)
                driver.execute("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


READ_ONLY = "polypanel_read_only"


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def read_only_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions for lookups that write nothing (authentication on every request)."""
    return sessionmaker(engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False)
