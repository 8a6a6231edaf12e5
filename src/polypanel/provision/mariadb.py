"""MariaDB/MySQL through pymysql, as an administrator (``mysql://root:@host:3306``)."""

from __future__ import annotations

from contextlib import contextmanager
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

import pymysql

from polypanel.provision.databases import UserState
from polypanel.provision.errors import DatabaseError


class MariaDBBackend:
    type = "mysql"

    def __init__(self, url: str, *, connect_timeout: float = 5.0) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("mysql", "mariadb", "mysql+pymysql"):
            raise ValueError(f"not a mysql:// url: {url!r}")
        self.name = f"{parts.hostname or 'localhost'}:{parts.port or 3306}"
        self._params = {
            "host": parts.hostname or "localhost",
            "port": parts.port or 3306,
            "user": unquote(parts.username or "root"),
            "password": unquote(parts.password or ""),
            "connect_timeout": connect_timeout,
            "autocommit": True,
            "charset": "utf8mb4",
        }

    @contextmanager
    def _cursor(self) -> Iterator[pymysql.cursors.Cursor]:
        try:
            connection = pymysql.connect(**self._params)
        except pymysql.MySQLError as exc:
            raise DatabaseError(self.name, str(exc)) from exc
        try:
            with connection.cursor() as cursor:
                yield cursor
        except pymysql.MySQLError as exc:
            raise DatabaseError(self.name, str(exc)) from exc
        finally:
            connection.close()

    def _run(self, statement: str, *params: object) -> list[tuple]:
        with self._cursor() as cursor:
            cursor.execute(statement, params or None)
            return list(cursor.fetchall())

    def databases(self) -> set[str]:
        return {row[0] for row in self._run("SHOW DATABASES")}

    def create_database(self, name: str) -> None:
        self._run(f"CREATE DATABASE IF NOT EXISTS {_ident(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")

    def drop_database(self, name: str) -> None:
        self._run(f"DROP DATABASE IF EXISTS {_ident(name)}")

    def user(self, login: str, host: str) -> UserState | None:
        with self._cursor() as cursor:
            cursor.execute("SELECT authentication_string FROM mysql.user WHERE User=%s AND Host=%s", (login, host))
            row = cursor.fetchone()
            if row is None:
                return None
            columns = ", ".join(_COLUMNS.values())
            cursor.execute(f"SELECT Db, {columns} FROM mysql.db WHERE User=%s AND Host=%s", (login, host))
            rows = cursor.fetchall()
        granted = frozenset(_unescape_grant(db) for db, *_ in rows)
        partial = {}
        for db, *flags in rows:
            have = frozenset(name for name, flag in zip(_COLUMNS, flags) if flag == "Y")
            if have != frozenset(_COLUMNS):
                partial[_unescape_grant(db)] = have
        return UserState(row[0], granted, partial)

    def user_exists(self, login: str) -> bool:
        return bool(self._run("SELECT 1 FROM mysql.user WHERE User=%s LIMIT 1", login))

    def create_user(self, login: str, host: str, password_hash: str) -> None:
        self._run("CREATE USER %s@%s IDENTIFIED BY PASSWORD %s", login, host, password_hash)

    def set_password(self, login: str, host: str, password_hash: str) -> None:
        self._run("ALTER USER %s@%s IDENTIFIED BY PASSWORD %s", login, host, password_hash)

    def grant(self, login: str, host: str, database: str, privileges: frozenset[str] | None = None) -> None:
        """All privileges on ``database`` (``privileges`` None), or exactly ``privileges`` (replacing any earlier grant)."""
        target = f"{_ident(_escape_grant(database))}.*"
        if privileges is None:
            self._run(f"GRANT ALL PRIVILEGES ON {target} TO %s@%s", login, host)
            return
        unknown = set(privileges) - set(_COLUMNS)
        if unknown:
            raise DatabaseError(self.name, f"unknown privileges {sorted(unknown)}")
        with self._cursor() as cursor:
            cursor.execute("SELECT 1 FROM mysql.db WHERE User=%s AND Host=%s AND Db=%s",
                           (login, host, _escape_grant(database)))
            if cursor.fetchone() is not None:
                cursor.execute(f"REVOKE ALL PRIVILEGES ON {target} FROM %s@%s", (login, host))
            # the names are the fixed words of _COLUMNS, never the caller's text
            cursor.execute(f"GRANT {', '.join(sorted(privileges)) or 'USAGE'} ON {target} TO %s@%s", (login, host))

    def revoke(self, login: str, host: str, database: str) -> None:
        self._run(f"REVOKE ALL PRIVILEGES ON {_ident(_escape_grant(database))}.* FROM %s@%s", login, host)

    def drop_user(self, login: str, host: str) -> None:
        self._run("DROP USER IF EXISTS %s@%s", login, host)


# The database-level privileges the panel grants one by one -> their mysql.db column.
_COLUMNS = {
    "SELECT": "Select_priv", "INSERT": "Insert_priv", "UPDATE": "Update_priv", "DELETE": "Delete_priv",
    "CREATE": "Create_priv", "DROP": "Drop_priv", "REFERENCES": "References_priv", "INDEX": "Index_priv",
    "ALTER": "Alter_priv", "CREATE TEMPORARY TABLES": "Create_tmp_table_priv", "LOCK TABLES": "Lock_tables_priv",
    "CREATE VIEW": "Create_view_priv", "SHOW VIEW": "Show_view_priv", "CREATE ROUTINE": "Create_routine_priv",
    "ALTER ROUTINE": "Alter_routine_priv", "EXECUTE": "Execute_priv", "EVENT": "Event_priv", "TRIGGER": "Trigger_priv",
}


def _ident(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _escape_grant(database: str) -> str:
    """``_`` and ``%`` are wildcards in database-level grants."""
    return database.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%")


def _unescape_grant(pattern: str) -> str:
    return pattern.replace("\\_", "_").replace("\\%", "%").replace("\\\\", "\\")
