"""Real MariaDB (127.0.0.1:3306, root without password) and PostgreSQL
(127.0.0.1:5432, postgres, trust auth); names are unique and prefixed pp_test_."""

from __future__ import annotations

import uuid

import psycopg
import pymysql
import pytest

from polypanel.provision.databases import DatabaseApplier
from polypanel.provision.dry import DryDatabaseBackend
from polypanel.provision.errors import ApplyFailed
from polypanel.provision.mariadb import MariaDBBackend
from polypanel.core.password_hashes import mysql_native_hash, scram_sha256_verifier
from polypanel.provision.postgresql import PostgreSQLBackend
from polypanel.provision.specs import DatabaseSpec, DatabaseUserSpec
from tests.installed import require_server

MYSQL_URL = "mysql://root:@127.0.0.1:3306"
PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def unique(prefix: str) -> str:
    return f"pp_test_{prefix}_{uuid.uuid4().hex[:10]}"


def mysql_login(user: str, password: str) -> set[str]:
    connection = pymysql.connect(host="127.0.0.1", port=3306, user=user, password=password, connect_timeout=5)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW DATABASES")
            return {row[0] for row in cursor.fetchall()}
    finally:
        connection.close()


@pytest.fixture
def mariadb(tmp_path):
    try:
        pymysql.connect(host="127.0.0.1", port=3306, user="root", password="", connect_timeout=3).close()
    except pymysql.MySQLError as exc:
        require_server("MariaDB at 127.0.0.1:3306 as root", exc)
    applier = DatabaseApplier({"mysql": MariaDBBackend(MYSQL_URL)}, tmp_path / "db-state")
    yield applier
    applier.reconcile([])  # drops whatever this test created


@pytest.fixture
def postgres(tmp_path):
    try:
        psycopg.connect(PG_URL, connect_timeout=3).close()
    except psycopg.Error as exc:
        require_server("PostgreSQL at 127.0.0.1:5432 as postgres", exc)
    applier = DatabaseApplier({"postgresql": PostgreSQLBackend(PG_URL)}, tmp_path / "db-state")
    yield applier
    applier.reconcile([])


@pytest.mark.daemon
def test_mariadb_user_logs_in_with_clear_password_then_is_gone(mariadb):
    db, login = unique("db"), unique("u")[:32]
    user = DatabaseUserSpec(login, mysql_native_hash("Pa55-word"), databases=(db,))
    report = mariadb.apply([DatabaseSpec(db), user])
    assert sorted(report.changed) == sorted([f"database/mysql/{db}", f"user/mysql/{login}"])
    assert db in mysql_login(login, "Pa55-word")
    with pytest.raises(pymysql.err.OperationalError):
        mysql_login(login, "wrong")

    again = mariadb.reconcile([DatabaseSpec(db), user])
    assert not again.changed_anything and again.unchanged == 2

    # re-password, then a second database granted
    db2 = unique("db2")
    user2 = DatabaseUserSpec(login, mysql_native_hash("n3w"), databases=(db, db2))
    report = mariadb.apply([DatabaseSpec(db2), user2])
    assert f"user/mysql/{login}" in report.changed
    assert {db, db2} <= mysql_login(login, "n3w")

    # grants narrow: only db2 left
    mariadb.apply([DatabaseUserSpec(login, mysql_native_hash("n3w"), databases=(db2,))])
    visible = mysql_login(login, "n3w")
    assert db2 in visible and db not in visible

    report = mariadb.apply(remove=[user2, DatabaseSpec(db), DatabaseSpec(db2)])
    assert len(report.removed) == 3
    with pytest.raises(pymysql.err.OperationalError):
        mysql_login(login, "n3w")
    assert mariadb.keys() == set()


@pytest.mark.daemon
def test_mariadb_grant_on_underscore_name_is_not_a_wildcard(mariadb):
    db = unique("wild")
    login = unique("w")[:32]
    mariadb.apply([DatabaseSpec(db), DatabaseUserSpec(login, mysql_native_hash("x"), databases=(db,))])
    with pymysql.connect(host="127.0.0.1", port=3306, user="root", password="") as connection:
        with connection.cursor() as cursor:
            cursor.execute("SELECT Db FROM mysql.db WHERE User=%s", (login,))
            assert cursor.fetchone()[0] == db.replace("_", "\\_")


@pytest.mark.daemon
def test_reconcile_never_drops_databases_it_did_not_create(mariadb):
    report = mariadb.reconcile([])
    assert not report.removed
    assert "mysql" in MariaDBBackend(MYSQL_URL).databases()


@pytest.mark.daemon
def test_postgresql_role_holds_scram_verifier_and_grants(postgres):
    db, login = unique("db"), unique("u")
    verifier = scram_sha256_verifier("Pa55-word")
    postgres.apply([DatabaseSpec(db, type="postgresql"), DatabaseUserSpec(login, verifier, type="postgresql", databases=(db,))])
    with psycopg.connect(PG_URL) as connection:
        stored = connection.execute("SELECT rolpassword FROM pg_authid WHERE rolname=%s", (login,)).fetchone()[0]
        assert stored == verifier
        assert connection.execute("SELECT has_database_privilege(%s, %s, 'CREATE')", (login, db)).fetchone()[0]
        assert not connection.execute("SELECT has_database_privilege('public', %s, 'CONNECT')", (db,)).fetchone()[0]
    # the user can create a table in the public schema of its database
    with psycopg.connect(PG_URL, dbname=db, user=login) as connection:
        connection.execute("CREATE TABLE t (id int)")

    user = DatabaseUserSpec(login, verifier, type="postgresql", databases=(db,))
    again = postgres.reconcile([DatabaseSpec(db, type="postgresql"), user])
    assert not again.changed_anything

    report = postgres.reconcile([])
    assert sorted(report.removed) == sorted([f"database/postgresql/{db}", f"user/postgresql/{login}"])
    with psycopg.connect(PG_URL) as connection:
        assert connection.execute("SELECT 1 FROM pg_roles WHERE rolname=%s", (login,)).fetchone() is None
        assert connection.execute("SELECT 1 FROM pg_database WHERE datname=%s", (db,)).fetchone() is None


def test_dry_backend_tracks_the_same_changes(tmp_path):
    backend = DryDatabaseBackend("mysql", tmp_path / "dry-mysql.json")
    applier = DatabaseApplier({"mysql": backend}, tmp_path / "state")
    user = DatabaseUserSpec("shop", mysql_native_hash("pw"), databases=("shop",), server="7")
    report = applier.apply([DatabaseSpec("shop", server="7"), user])
    assert sorted(report.changed) == ["database/mysql/shop", "user/mysql/shop"]
    assert backend.databases() == {"shop"}
    assert backend.user("shop", "%").databases == {"shop"}
    assert applier.keys() == {"database/mysql/shop", "user/mysql/shop"}
    assert not applier.reconcile([DatabaseSpec("shop", server="7"), user]).changed_anything
    report = applier.apply(remove=[user, DatabaseSpec("shop", server="7")])
    assert sorted(report.removed) == ["database/mysql/shop", "user/mysql/shop"]
    assert backend.databases() == set() and backend.user("shop", "%") is None


def test_bad_hash_and_unknown_server_are_rejected(tmp_path):
    applier = DatabaseApplier({"mysql": DryDatabaseBackend("mysql", tmp_path / "m.json")}, tmp_path / "state")
    with pytest.raises(ApplyFailed) as caught:
        applier.apply(
            [
                DatabaseUserSpec("u1", "clear-password"),
                DatabaseSpec("pg", type="postgresql"),
                DatabaseSpec("ok"),
            ]
        )
    assert set(caught.value.rejected) == {"user/mysql/u1", "database/postgresql/pg"}
    assert caught.value.report.changed == ["database/mysql/ok"]


NOT_MANAGED = "exists on the server and is not managed by the panel"


@pytest.mark.daemon
def test_mariadb_stranger_made_after_the_api_check_is_never_changed_or_dropped(mariadb):
    """The API refuses a name a stranger holds; one made in between is caught by the applier itself."""
    login, db = unique("s")[:32], unique("sdb")
    with pymysql.connect(host="127.0.0.1", port=3306, user="root", password="", autocommit=True) as connection:
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE `{db}`")
            cursor.execute("CREATE USER %s@'127.0.0.1' IDENTIFIED BY 'Old-Pa55'", (login,))
            cursor.execute(f"GRANT ALL ON `{db}`.* TO %s@'127.0.0.1'", (login,))
    try:
        assert mariadb.foreign("1", "mysql", "user", login) and mariadb.foreign("1", "mysql", "database", db)
        spec = DatabaseUserSpec(login, mysql_native_hash("Hijack-1"), databases=(db,), server="1")
        with pytest.raises(ApplyFailed) as caught:
            mariadb.apply([DatabaseSpec(db, server="1"), spec])
        assert set(caught.value.rejected) == {f"user/mysql/{login}", f"database/mysql/{db}"}
        assert all(NOT_MANAGED in message for message in caught.value.rejected.values())
        assert db in mysql_login(login, "Old-Pa55")
        assert not mariadb.apply(remove=[spec, DatabaseSpec(db, server="1")]).removed
        assert db in mysql_login(login, "Old-Pa55")
        assert mariadb.keys() == set()
    finally:
        with pymysql.connect(host="127.0.0.1", port=3306, user="root", password="", autocommit=True) as connection:
            with connection.cursor() as cursor:
                cursor.execute("DROP USER IF EXISTS %s@'127.0.0.1'", (login,))
                cursor.execute(f"DROP DATABASE IF EXISTS `{db}`")


@pytest.mark.daemon
def test_postgresql_stranger_role_and_database_are_never_changed_or_dropped(postgres):
    role, db = unique("s"), unique("sdb")
    with psycopg.connect(PG_URL, autocommit=True) as connection:
        connection.execute(f'CREATE ROLE "{role}" LOGIN PASSWORD \'Old-Pa55\'')
        connection.execute(f'CREATE DATABASE "{db}" OWNER "{role}"')
        before = connection.execute("SELECT rolpassword FROM pg_authid WHERE rolname=%s", (role,)).fetchone()
    try:
        spec = DatabaseUserSpec(role, scram_sha256_verifier("Hijack-1"), type="postgresql", databases=(db,))
        with pytest.raises(ApplyFailed) as caught:
            postgres.apply([DatabaseSpec(db, type="postgresql"), spec])
        assert all(NOT_MANAGED in message for message in caught.value.rejected.values())
        assert len(caught.value.rejected) == 2
        assert not postgres.reconcile([]).removed and not postgres.apply(remove=[spec, DatabaseSpec(db, type="postgresql")]).removed
        with psycopg.connect(PG_URL) as connection:
            assert connection.execute("SELECT rolpassword FROM pg_authid WHERE rolname=%s", (role,)).fetchone() == before
            assert connection.execute("SELECT 1 FROM pg_database WHERE datname=%s", (db,)).fetchone() == (1,)
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            connection.execute(f'DROP ROLE IF EXISTS "{role}"')


def test_a_user_is_granted_only_the_panels_own_databases(tmp_path):
    backend = DryDatabaseBackend("mysql", tmp_path / "dry.json")
    backend.create_database("theirs")  # on the server before the panel
    applier = DatabaseApplier({"mysql": backend}, tmp_path / "state")
    with pytest.raises(ApplyFailed):
        applier.apply([DatabaseSpec("theirs"), DatabaseSpec("mine"), DatabaseUserSpec("shop", mysql_native_hash("pw"), databases=("theirs", "mine"))])
    assert backend.user("shop", "%").databases == {"mine"}
    applier.reconcile([])
    assert backend.databases() == {"theirs"} and backend.user("shop", "%") is None
