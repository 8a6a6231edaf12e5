"""A store created by an older version is brought up to date at start without losing data."""
from sqlalchemy import inspect, text

from polypanel.store.engine import make_engine
from alembic.script import ScriptDirectory

from polypanel.store.migrate import alembic_config, current_revision, upgrade


def test_upgrade_from_first_release_keeps_data(fresh_database_url):
    engine = make_engine(fresh_database_url(migrated=False))
    upgrade(engine, "0001")
    with engine.begin() as c:
        c.execute(text("INSERT INTO accounts (id, guid, login, role, name, company, email, phone, address, city, state,"
                       " postal_code, country, locale, description, external_id, status, password_hash, permissions,"
                       " limits, created_at) VALUES (1, 'g-1', 'admin', 'admin', 'Old Admin', '', '', '', '', '', '',"
                       " '', '', 'en-US', '', '', 'active', 'x', '{}', '{}', '2025-01-01 00:00:00')"))
        c.execute(text("INSERT INTO subscriptions (id, guid, owner_id, system_user, system_password_hash, status, limits,"
                       " external_id, description, created_at) VALUES (1, 'g-s', 1, 'olduser', '', 'active', '{}', '', '',"
                       " '2025-01-01 00:00:00')"))
        c.execute(text("INSERT INTO domains (id, guid, subscription_id, name, ascii_name, kind, hosting_type, forward_url,"
                       " document_root, php, status, description, external_id, provision_status, provision_error, created_at)"
                       " VALUES (1, 'g-d', 1, 'old.test', 'old.test', 'main', 'virtual', '', '/var/www/vhosts/old.test/httpdocs',"
                       " '{}', 'active', '', '', 'ok', '', '2025-01-01 00:00:00')"))
    assert current_revision(engine) == "0001"
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert head != "0001"
    upgrade(engine)
    assert current_revision(engine) == head
    assert "certificate_id" in {c["name"] for c in inspect(engine).get_columns("domains")}
    with engine.connect() as c:
        assert c.execute(text("SELECT name, certificate_id FROM domains")).all() == [("old.test", None)]
        assert c.execute(text("SELECT login, name FROM accounts")).all() == [("admin", "Old Admin")]
    upgrade(engine)  # idempotent
    assert current_revision(engine) == head
    engine.dispose()
