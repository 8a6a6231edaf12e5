"""Shared fixtures: a fresh, migrated store per test, on SQLite or (POLYPANEL_TEST_DATABASE_URL) PostgreSQL."""
from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest

# Cheap argon2 parameters for the suite (servers started by tests inherit it); hashes stay real argon2id.
os.environ.setdefault("POLYPANEL_ARGON2_PROFILE", "cheapest")

from sqlalchemy import create_engine, text

from polypanel.core import bootstrap
from polypanel.core.clock import ManualClock
from polypanel.core.panel import Panel
from polypanel.core.settings import CoreSettings
from polypanel.store.engine import make_engine, normalise_url
from polypanel.store.migrate import upgrade

PG_URL = os.environ.get("POLYPANEL_TEST_DATABASE_URL", "")
ADMIN_PASSWORD = "Adm1n-Passw0rd!"


def backend() -> str:
    return "postgresql" if PG_URL else "sqlite"


class _PgDatabases:
    """Creates databases on the test PostgreSQL server from one migrated template."""

    def __init__(self, url: str):
        self.url = normalise_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.template = None
        self.created: list[str] = []

    def _url_for(self, name: str) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def fresh(self, migrated: bool = True) -> str:
        if migrated and self.template is None:
            self.template = f"pp_tpl_{uuid.uuid4().hex[:10]}"
            with self.admin.connect() as c:
                c.execute(text(f'CREATE DATABASE "{self.template}"'))
            e = make_engine(self._url_for(self.template))
            upgrade(e)
            e.dispose()
        name = f"pp_t_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{self.template}"' if migrated else "")))
        self.created.append(name)
        return self._url_for(name)

    def drop_all(self) -> None:
        with self.admin.connect() as c:
            for name in self.created + ([self.template] if self.template else []):
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def _pg():
    if not PG_URL:
        yield None
        return
    dbs = _PgDatabases(PG_URL)
    yield dbs
    dbs.drop_all()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("tpl") / "panel.db"
    e = make_engine(f"sqlite:///{path}")
    upgrade(e)
    e.dispose()
    return path


@pytest.fixture
def fresh_database_url(_pg, _sqlite_template, tmp_path):
    """A factory of fresh store URLs: ``fresh_database_url()`` migrated, ``(migrated=False)`` empty.

    Returns None for SQLite when the caller wants the panel's default (a file in its data dir).
    """
    def make(migrated: bool = True) -> str:
        if _pg is not None:
            return _pg.fresh(migrated)
        path = tmp_path / f"store-{uuid.uuid4().hex[:8]}.db"
        if migrated:
            shutil.copy(_sqlite_template, path)
        return f"sqlite:///{path}"

    return make


@pytest.fixture
def clock():
    return ManualClock()


@pytest.fixture
def panel(fresh_database_url, clock):
    engine = make_engine(fresh_database_url())
    p = Panel(engine, CoreSettings(hostname="panel.test", vhosts_root="/var/www/vhosts", ip_addresses=("127.0.0.1", "192.0.2.10")),
              clock=clock)
    bootstrap.ensure(p, ADMIN_PASSWORD)
    yield p
    engine.dispose()


@pytest.fixture
def admin(panel):
    return panel.admin()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def panel_process(tmp_path, fresh_database_url):
    """A factory of real ``polypanel serve`` processes (stopped at the end of the test).

    On PostgreSQL runs each gets a fresh database; on SQLite the store lives in its data dir.
    """
    from .panel_process import PanelProcess

    started = []

    def make(name: str = "panel", **kwargs) -> PanelProcess:
        if PG_URL and "database_url" not in kwargs:
            kwargs["database_url"] = fresh_database_url(migrated=False)
        kwargs.setdefault("admin_password", ADMIN_PASSWORD)
        proc = PanelProcess(tmp_path / name, **kwargs)
        started.append(proc)
        return proc

    yield make
    for proc in started:
        proc.stop()
