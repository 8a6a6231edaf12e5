"""PostgreSQL through psycopg, as a superuser (``postgresql://postgres@host:5432/postgres``).

A user granted a database gets ALL on the database and on its ``public``
schema; customer databases are closed to PUBLIC.  Roles are created from
their SCRAM-SHA-256 verifier, which PostgreSQL stores as given.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

from polypanel.provision.databases import UserState
from polypanel.provision.errors import DatabaseError


class PostgreSQLBackend:
    type = "postgresql"

    def __init__(self, url: str, *, connect_timeout: int = 5) -> None:
        self.url = url
        info = psycopg.conninfo.conninfo_to_dict(url)
        self.name = f"{info.get('host', 'localhost')}:{info.get('port', 5432)}"
        self._connect_timeout = connect_timeout

    @contextmanager
    def _connection(self, dbname: str | None = None) -> Iterator[psycopg.Connection]:
        overrides = {"dbname": dbname} if dbname else {}
        try:
            connection = psycopg.connect(self.url, autocommit=True, connect_timeout=self._connect_timeout, **overrides)
        except psycopg.Error as exc:
            raise DatabaseError(self.name, str(exc).strip()) from exc
        try:
            yield connection
        except psycopg.Error as exc:
            raise DatabaseError(self.name, str(exc).strip()) from exc
        finally:
            connection.close()

    def _run(self, statement: sql.Composable | str, params: tuple = (), dbname: str | None = None) -> list[tuple]:
        with self._connection(dbname) as connection:
            cursor = connection.execute(statement, params or None)
            return cursor.fetchall() if cursor.description else []

    def databases(self) -> set[str]:
        return {row[0] for row in self._run("SELECT datname FROM pg_database WHERE NOT datistemplate")}

    def create_database(self, name: str) -> None:
        with self._connection() as connection:
            connection.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(sql.Identifier(name)))
            connection.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(sql.Identifier(name)))

    def drop_database(self, name: str) -> None:
        self._run(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def user(self, login: str, host: str) -> UserState | None:
        with self._connection() as connection:
            row = connection.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (login,)).fetchone()
            if row is None:
                return None
            granted = connection.execute(
                "SELECT datname FROM pg_database WHERE NOT datistemplate"
                " AND has_database_privilege(%s, oid, 'CREATE')",
                (login,),
            ).fetchall()
        return UserState(row[0] or "", frozenset(name for (name,) in granted))

    def user_exists(self, login: str) -> bool:
        return bool(self._run("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)))

    def create_user(self, login: str, host: str, password_hash: str) -> None:
        self._run(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(login), sql.Literal(password_hash)))

    def set_password(self, login: str, host: str, password_hash: str) -> None:
        self._run(sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(login), sql.Literal(password_hash)))

    def grant(self, login: str, host: str, database: str, privileges: frozenset[str] | None = None) -> None:
        if privileges is not None:  # the core grants per-privilege only on MySQL/MariaDB
            raise DatabaseError(self.name, "PostgreSQL databases are granted all privileges or none")
        role, db = sql.Identifier(login), sql.Identifier(database)
        self._run(sql.SQL("GRANT ALL ON DATABASE {} TO {}").format(db, role))
        self._run(sql.SQL("GRANT ALL ON SCHEMA public TO {}").format(role), dbname=database)

    def revoke(self, login: str, host: str, database: str) -> None:
        role, db = sql.Identifier(login), sql.Identifier(database)
        if database in self.databases():
            self._run(sql.SQL("REVOKE ALL ON SCHEMA public FROM {}").format(role), dbname=database)
        self._run(sql.SQL("REVOKE ALL ON DATABASE {} FROM {}").format(db, role))

    def drop_user(self, login: str, host: str) -> None:
        state = self.user(login, host)
        role = sql.Identifier(login)
        for database in sorted(state.databases if state else ()):
            self._run(sql.SQL("REASSIGN OWNED BY {} TO CURRENT_USER").format(role), dbname=database)
            self._run(sql.SQL("DROP OWNED BY {}").format(role), dbname=database)
        self._run(sql.SQL("DROP ROLE IF EXISTS {}").format(role))
