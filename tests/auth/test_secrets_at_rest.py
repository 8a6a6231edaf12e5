"""No password, key or token is ever stored in clear or written to the logs."""
import logging

import pytest

from sqlalchemy import MetaData, select

from polypanel.auth import keys, sessions, tokens
from polypanel.auth.authenticator import Authenticator
from polypanel.core.errors import AuthFailed
from polypanel.core import accounts, databases, ftp, mail, subscriptions, webspaces


def test_no_secret_in_store_or_logs(panel, admin, caplog):
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)  # statements and parameters
    try:
        secrets = ["Cust0mer-Secret!", "Subscr1ption-Pw!", "Mailb0x-Secret!", "Datab4se-Secret!", "Ftpus3r-Secret!"]
        with panel.context(admin) as ctx:
            accounts.create(ctx, role="customer", login="sec", password=secrets[0])
            sub = subscriptions.create(ctx, domain="sec.test", owner_login="sec", password=secrets[1])
            mail.create(ctx, domain=webspaces.main_domain(sub), name="me", password=secrets[2])
            db = databases.create(ctx, subscription=sub, name="secdb")
            databases.create_user(ctx, subscription=sub, login="secu", password=secrets[3], database=db)
            ftp.create(ctx, subscription=sub, login="secftp", password=secrets[4])
            _r, key = keys.create(ctx, login="sec", ips="192.0.2.1")
            _r, session_token = sessions.open_session(ctx, kind="ispmgr")
            otk = sessions.one_time_key(ctx, login="sec")
        with panel.context(panel.principal_for("sec")) as ctx:
            _r, token = tokens.create(ctx, name="t")
        with pytest.raises(AuthFailed):
            Authenticator(panel).password("sec", "wrong-" + secrets[0], ip="192.0.2.1")
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    everything = secrets + [key, session_token, otk, token, "wrong-" + secrets[0]]
    dump = []
    meta = MetaData()
    meta.reflect(panel.engine)
    with panel.engine.connect() as c:
        for table in meta.tables.values():
            for row in c.execute(select(table)):
                dump.append(repr(tuple(row)))
    text = "\n".join(dump)
    assert "sec.test" in text  # the dump is real
    for secret in everything:
        assert secret not in text, "a secret is stored in clear"
        assert secret not in caplog.text, "a secret reached the logs"
