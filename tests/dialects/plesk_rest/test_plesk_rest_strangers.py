"""The panel never adopts, changes or drops what it did not create (issue 8, item 1 and item 10's FTP).

A panel with real MariaDB, PostgreSQL and Pure-FTPd appliers (web, DNS and mail dry). Every object
made outside the panel has a unique ``pp_test_`` name and is removed by the test that made it.
"""
from __future__ import annotations

import ftplib
import json
import subprocess
import uuid

import psycopg
import pymysql
import pytest

from polypanel.provision.ports import accepts, free_port
from polypanel.provision.processes import stop_process, wait_until
from tests.conftest import ADMIN_PASSWORD
from tests.provision.conftest import require_binary

from .fixtures import client, unique

MYSQL = dict(host="127.0.0.1", port=3306, user="root", password="", connect_timeout=5)
PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
REAL_INI = """
[web]
applier = dry
[dns]
applier = dry
[mail]
applier = dry
[databases]
applier = real
mysql_url = mysql://root@127.0.0.1:3306
postgresql_url = postgresql://postgres@127.0.0.1:5432/postgres
[ftp]
applier = pureftpd
"""
NOT_MANAGED = "exists on the server and is not managed by the panel"


def stranger(prefix: str) -> str:
    return f"pp_test_{prefix}{uuid.uuid4().hex[:10]}"


def mysql(statement: str, *params) -> list[tuple]:
    with pymysql.connect(**MYSQL, autocommit=True) as connection, connection.cursor() as cursor:
        cursor.execute(statement, params or None)
        return list(cursor.fetchall())


def mysql_login(user: str, password: str) -> set[str]:
    with pymysql.connect(host="127.0.0.1", port=3306, user=user, password=password, connect_timeout=5) as connection:
        with connection.cursor() as cursor:
            cursor.execute("SHOW DATABASES")
            return {row[0] for row in cursor.fetchall()}


def pg(statement: str, *params, dbname: str | None = None) -> list[tuple]:
    with psycopg.connect(PG_URL, autocommit=True, connect_timeout=5, **({"dbname": dbname} if dbname else {})) as c:
        cursor = c.execute(statement, params or None)
        return cursor.fetchall() if cursor.description else []


@pytest.fixture(scope="module")
def real(plesk_servers):
    try:
        pymysql.connect(**MYSQL).close()
        psycopg.connect(PG_URL, connect_timeout=3).close()
    except (pymysql.MySQLError, psycopg.Error) as exc:
        pytest.skip(f"MariaDB or PostgreSQL not reachable on 127.0.0.1: {exc}")
    require_binary("pure-pw", "pure-ftpd")
    server = plesk_servers.start("strangers", extra_ini=REAL_INI)
    with client(server, auth=("admin", ADMIN_PASSWORD)) as api:
        yield server, api


@pytest.fixture
def site(real):
    """A customer's subscription on the real-appliers panel; deleted (with what the panel made) afterwards."""
    server, api = real
    login = unique("cust")
    r = api.post("/clients", json={"name": "Stranger Test", "login": login, "password": "Cust0mer-Pass!",
                                   "email": f"{login}@example.com", "type": "customer"})
    assert r.status_code == 201, r.text
    client_id = r.json()["id"]
    domain = f"{unique('site')}.example"
    ftp_login = unique("f")
    r = api.post("/domains", json={"name": domain, "owner_client": {"login": login}, "hosting_type": "virtual",
                                   "hosting_settings": {"ftp_login": ftp_login, "ftp_password": "Ftp-Passw0rd!"}})
    assert r.status_code == 201, r.text
    servers = {s["type"]: s["id"] for s in api.get("/dbservers").json()}
    yield {"server": server, "api": api, "domain": domain, "domain_id": r.json()["id"], "ftp_login": ftp_login,
           "servers": servers}
    assert api.delete(f"/domains/{r.json()['id']}").status_code == 200
    assert api.delete(f"/clients/{client_id}").status_code == 200


def _refused(r, name: str) -> None:
    assert r.status_code == 400, r.text
    assert NOT_MANAGED in r.json()["message"] and name in r.json()["message"]


@pytest.mark.daemon
def test_existing_mariadb_user_is_refused_and_keeps_its_password_and_databases(site):
    api, login, db = site["api"], stranger("u")[:32], stranger("db")
    mysql(f"CREATE DATABASE `{db}`")
    mysql("CREATE USER %s@'%%' IDENTIFIED BY 'Str4nger-Old!'", login)
    mysql(f"GRANT ALL ON `{db}`.* TO %s@'%%'", login)
    try:
        r = api.post("/dbusers", json={"login": login, "password": "Hij4cked-Pass!", "server_id": site["servers"]["mysql"],
                                       "parent_domain": {"name": site["domain"]}})
        _refused(r, login)
        assert api.get("/dbusers").json() == [u for u in api.get("/dbusers").json() if u["login"] != login]
        assert db in mysql_login(login, "Str4nger-Old!")  # its old password still works, its database still there

        # nor through a database of the subscription: the login is refused the same way
        r = api.post("/databases", json={"name": unique("own"), "type": "mysql", "parent_domain": {"name": site["domain"]}})
        assert r.status_code == 200, r.text
        own = r.json()
        _refused(api.post("/dbusers", json={"login": login, "password": "Hij4cked-Pass!", "database_id": own["id"]}), login)
        assert db in mysql_login(login, "Str4nger-Old!")
        assert api.delete(f"/databases/{own['id']}").status_code == 200
    finally:
        mysql("DROP USER IF EXISTS %s@'%%'", login)
        mysql(f"DROP DATABASE IF EXISTS `{db}`")


@pytest.mark.daemon
def test_existing_mariadb_database_is_refused_and_never_dropped(site):
    api, db = site["api"], stranger("db")
    mysql(f"CREATE DATABASE `{db}`")
    mysql(f"CREATE TABLE `{db}`.precious (id int)")
    try:
        _refused(api.post("/databases", json={"name": db, "type": "mysql", "parent_domain": {"name": site["domain"]}}), db)
        assert not [d for d in api.get("/databases").json() if d["name"] == db]
        assert mysql("SELECT table_name FROM information_schema.tables WHERE table_schema=%s", db) == [("precious",)]
    finally:
        mysql(f"DROP DATABASE IF EXISTS `{db}`")


@pytest.mark.daemon
def test_delete_drops_only_what_the_panel_created(site):
    api, server = site["api"], site["server"]
    ledger = server.data_dir / "provision" / "databases" / "databases.json"
    mine, theirs = stranger("db"), stranger("db")
    for name in (mine, theirs):
        r = api.post("/databases", json={"name": name, "type": "mysql", "parent_domain": {"name": site["domain"]}})
        assert r.status_code == 200, r.text
    ids = {d["name"]: d["id"] for d in api.get("/databases").json()}
    assert {mine, theirs} <= {row[0] for row in mysql("SHOW DATABASES")}
    # ``theirs`` stands for a database the panel did not create (a store restored over a server that
    # already had it, a stranger that took the name): the ledger does not list it
    data = json.loads(ledger.read_text())
    data["databases"] = {k: [n for n in v if n != theirs] for k, v in data["databases"].items()}
    ledger.write_text(json.dumps(data))
    try:
        assert api.delete(f"/databases/{ids[mine]}").status_code == 200
        assert api.delete(f"/databases/{ids[theirs]}").status_code == 200
        names = {row[0] for row in mysql("SHOW DATABASES")}
        assert mine not in names  # the panel's own is dropped
        assert theirs in names  # the stranger is not
    finally:
        mysql(f"DROP DATABASE IF EXISTS `{theirs}`")
        mysql(f"DROP DATABASE IF EXISTS `{mine}`")


@pytest.mark.daemon
def test_existing_postgresql_role_and_database_are_refused_and_unchanged(site):
    api, role, db = site["api"], stranger("r"), stranger("db")
    pg(f'CREATE ROLE "{role}" LOGIN PASSWORD \'Str4nger-Old!\'')
    pg(f'CREATE DATABASE "{db}" OWNER "{role}"')
    before = pg("SELECT rolpassword FROM pg_authid WHERE rolname=%s", role)
    try:
        pg_id = site["servers"]["postgresql"]
        _refused(api.post("/dbusers", json={"login": role, "password": "Hij4cked-Pass!", "server_id": pg_id,
                                            "parent_domain": {"name": site["domain"]}}), role)
        _refused(api.post("/databases", json={"name": db, "type": "postgresql", "parent_domain": {"name": site["domain"]}}), db)
        assert pg("SELECT rolpassword FROM pg_authid WHERE rolname=%s", role) == before  # password unchanged
        assert pg("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname=%s", db) == [(role,)]
        assert not [d for d in api.get("/databases").json() if d["name"] == db]
    finally:
        pg(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        pg(f'DROP ROLE IF EXISTS "{role}"')


@pytest.mark.daemon
def test_reserved_database_names_and_logins_are_refused(site):
    api, ref = site["api"], {"name": site["domain"]}
    mysql_id, pg_id = site["servers"]["mysql"], site["servers"]["postgresql"]
    for login in ("root", "mysql", "debian-sys-maint", "postgres", "pg_monitor", "PG_signal_backend", "admin"):
        for server_id in (mysql_id, pg_id):
            r = api.post("/dbusers", json={"login": login, "password": "Db-Passw0rd!", "server_id": server_id,
                                           "parent_domain": ref})
            assert r.status_code == 400 and "reserved" in r.json()["message"], (login, r.text)
    for name, type_ in (("mysql", "mysql"), ("information_schema", "mysql"), ("performance_schema", "mysql"),
                        ("sys", "mysql"), ("postgres", "postgresql"), ("template1", "postgresql"),
                        ("pg_catalog", "postgresql")):
        r = api.post("/databases", json={"name": name, "type": type_, "parent_domain": ref})
        assert r.status_code == 400 and "reserved" in r.json()["message"], (name, r.text)
    # the server's own accounts are untouched
    assert mysql("SELECT COUNT(*) FROM mysql.user WHERE User='root'")[0][0] >= 1


@pytest.mark.daemon
def test_ftp_logins_of_the_system_are_refused(site):
    api, ref = site["api"], {"name": site["domain"]}
    for login in ("ftp", "sshd", "root", "www-data", "nobody", "daemon", "postfix"):
        r = api.post("/ftpusers", json={"name": login, "password": "Ftp-Passw0rd!", "parent_domain": ref})
        assert r.status_code == 400, (login, r.text)
        assert "reserved" in r.json()["message"] or NOT_MANAGED in r.json()["message"], (login, r.text)
    # a login /etc/passwd holds that no list names: refused as a stranger's
    extra = _passwd_login_not_reserved()
    if extra:
        r = api.post("/ftpusers", json={"name": extra, "password": "Ftp-Passw0rd!", "parent_domain": ref})
        assert r.status_code == 400 and NOT_MANAGED in r.json()["message"], (extra, r.text)
    # and as a subscription's system user
    r = api.post("/domains", json={"name": f"{unique('sys')}.example", "hosting_type": "virtual",
                                   "hosting_settings": {"ftp_login": "sshd", "ftp_password": "Ftp-Passw0rd!"}})
    assert r.status_code == 400 and "hosting_settings.ftp_login" in r.text, r.text
    assert not [u for u in api.get("/ftpusers").json() if u["name"] in ("ftp", "sshd")]


def _passwd_login_not_reserved() -> str | None:
    import pwd

    from polypanel.core.server_names import RESERVED_SYSTEM_LOGINS

    for entry in pwd.getpwall():
        name = entry.pw_name
        if name.lower() not in RESERVED_SYSTEM_LOGINS and not name.startswith("systemd-") and name.isascii() \
                and name[0].isalnum() and all(c.isalnum() or c in "._-" for c in name):
            return name
    return None


@pytest.mark.daemon
def test_ftp_login_given_at_domain_creation_logs_in_to_pure_ftpd(site):
    server = site["server"]
    pdb = server.data_dir / "provision" / "ftp" / "pureftpd.pdb"
    assert pdb.exists()
    home = server.data_dir / "vhosts" / site["domain"]
    home.mkdir(parents=True, exist_ok=True)
    (home / "hello.txt").write_text("hi")
    port, passive = free_port(), free_port()
    daemon = subprocess.Popen(
        ["pure-ftpd", "-S", f"127.0.0.1,{port}", "-l", f"puredb:{pdb}", "-E", "-H", "-u", "1",
         "-p", f"{passive}:{passive}", "-P", "127.0.0.1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_until(lambda: accepts("127.0.0.1", port), 10)
        ftp = ftplib.FTP()
        ftp.connect("127.0.0.1", port, timeout=5)
        assert ftp.login(site["ftp_login"], "Ftp-Passw0rd!").startswith("230")
        assert "hello.txt" in ftp.nlst()
        ftp.quit()

        # a new password (PUT on the domain) reaches the file too
        r = site["api"].put(f"/domains/{site['domain_id']}",
                            json={"hosting_settings": {"ftp_password": "N3w-Ftp-Passw0rd!"}})
        assert r.status_code == 200, r.text
        ftp = ftplib.FTP()
        ftp.connect("127.0.0.1", port, timeout=5)
        assert ftp.login(site["ftp_login"], "N3w-Ftp-Passw0rd!").startswith("230")
        ftp.quit()
    finally:
        stop_process(daemon, 15)


PREFIX_INI = """
[web]
applier = dry
[dns]
applier = dry
[mail]
applier = dry
[ftp]
applier = dry
[databases]
applier = dry
prefix = {system_user}_
"""


def test_database_prefix_per_subscription(plesk_servers):
    server = plesk_servers.start("prefix", extra_ini=PREFIX_INI)
    with client(server, auth=("admin", ADMIN_PASSWORD)) as api:
        domain, ftp_login = f"{unique('pre')}.example", unique("p")
        r = api.post("/domains", json={"name": domain, "hosting_type": "virtual",
                                       "hosting_settings": {"ftp_login": ftp_login, "ftp_password": "Ftp-Passw0rd!"}})
        assert r.status_code == 201, r.text
        ref = {"name": domain}
        r = api.post("/databases", json={"name": "shop", "type": "mysql", "parent_domain": ref})
        assert r.status_code == 200, r.text
        assert r.json()["name"] == f"{ftp_login}_shop"
        # a name that already carries the prefix keeps it once
        r = api.post("/databases", json={"name": f"{ftp_login}_blog", "type": "mysql", "parent_domain": ref})
        assert r.json()["name"] == f"{ftp_login}_blog"
        r = api.post("/dbusers", json={"login": "app", "password": "Db-Passw0rd!", "database_id": r.json()["id"]})
        assert r.status_code == 200, r.text
        assert r.json()["login"] == f"{ftp_login}_app"
        # two subscriptions can both have their "shop"
        other = unique("q")
        r = api.post("/domains", json={"name": f"{unique('pre')}.example", "hosting_type": "virtual",
                                       "hosting_settings": {"ftp_login": other, "ftp_password": "Ftp-Passw0rd!"}})
        r = api.post("/databases", json={"name": "shop", "type": "mysql", "parent_domain": {"id": r.json()["id"]}})
        assert r.status_code == 200 and r.json()["name"] == f"{other}_shop", r.text
