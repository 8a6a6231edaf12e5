"""No secret at rest in clear: what is typed into a login field, and the panel's own files."""
import os
import stat

from sqlalchemy import MetaData, create_engine, select

from polypanel.store.engine import normalise_url
from tests.conftest import ADMIN_PASSWORD

from .fixtures import client


def store_dump(server) -> str:
    url = server.database_url or f"sqlite:///{server.data_dir / 'panel.db'}"
    engine = create_engine(normalise_url(url))
    try:
        meta = MetaData()
        meta.reflect(engine)
        with engine.connect() as c:
            return "\n".join(repr(tuple(row)) for table in meta.tables.values() for row in c.execute(select(table)))
    finally:
        engine.dispose()


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_key_or_password_typed_as_the_login_is_not_stored(plesk_servers):
    server = plesk_servers.start("typed-secrets")
    with client(server, auth=("admin", ADMIN_PASSWORD)) as admin:
        key = admin.post("/auth/keys", json={"ip": "127.0.0.51"}).json()["key"]
    typed = [key, ADMIN_PASSWORD, "S0me-0ther-Secret!"]
    for i, login in enumerate(typed):  # curl -u "<key>:", and a password pasted into the login field
        with client(server, auth=(login, "" if i == 0 else "x"), source_ip=f"127.0.0.{60 + i}") as c:
            assert c.get("/server").status_code == 401
    dump = store_dump(server)
    assert "auth:failure" in dump  # the failures are there, audited
    logs = server.read_output() + "".join(p.read_text(errors="replace") for p in server.data_dir.rglob("*.log"))
    for secret in typed:
        assert secret not in dump, "a typed secret is stored in clear"
        assert secret not in logs, "a typed secret reached the logs"


def test_the_data_dir_store_keys_and_certificates_are_private(plesk_servers):
    server = plesk_servers.start("modes")
    data = server.data_dir

    def private_files():
        files = [data / "tls" / "panel.key", data / "tls" / "panel.crt"]
        if not server.database_url:  # SQLite: the store and its write-ahead log
            files += [p for p in (data / "panel.db", data / "panel.db-wal", data / "panel.db-shm") if p.exists()]
            assert data / "panel.db" in files
        return files

    assert mode(data) == 0o700 and mode(data / "tls") == 0o700
    for path in private_files():
        assert mode(path) == 0o600, path
    # Files an older version (or a copy) left readable are made private again at the next start.
    server.stop()
    for path in private_files():
        os.chmod(path, 0o644)
    os.chmod(data, 0o755)
    server.start(timeout=60)
    with client(server, auth=("admin", ADMIN_PASSWORD)) as admin:
        assert admin.get("/server").status_code == 200
    assert mode(data) == 0o700
    for path in private_files():
        assert mode(path) == 0o600, path
