"""Reads straight on the driver (core/fast_reads.py) give what SQLAlchemy's own execution gives."""
from __future__ import annotations

import datetime

import pytest
from sqlalchemy import bindparam, select

from polypanel.core import account_views, accounts, fast_reads
from polypanel.store.models import Account


def test_rows_match_sqlalchemy_with_types_and_statement_literals(panel, admin):
    with panel.context(admin) as ctx:
        accounts.create(ctx, role="customer", login="fastone", password="Fast-Read-Pass1!", email="f@example.test")
    statement = (select(Account.id, Account.login, Account.created_at, Account.permissions)
                 .where(Account.login != bindparam("not_login")).order_by(Account.id).limit(5))
    with panel.context(admin, read_only=True) as ctx:
        conn = ctx.connection()
        expected = [tuple(r) for r in conn.execute(statement, {"not_login": "nobody"}).all()]
        got = fast_reads.rows(conn, statement, {"not_login": "nobody"})
    assert got == expected
    assert [r[1] for r in got] == ["admin", "fastone"]
    assert isinstance(got[1][2], datetime.datetime)  # SQLite keeps text; the column's type converts it back
    assert isinstance(got[1][3], (dict, list, type(None)))  # JSON decoded


def test_an_expanding_parameter_is_refused_not_run_wrongly(panel, admin):
    statement = select(Account.id).where(Account.id.in_(bindparam("ids", expanding=True)))
    with panel.context(admin, read_only=True) as ctx:
        with pytest.raises(ValueError):
            fast_reads.rows(ctx.connection(), statement, {"ids": [1]})


def test_reads_in_the_unit_of_works_transaction_see_its_snapshot(panel, admin):
    with panel.context(admin, read_only=True) as ctx:
        before = account_views.list_(ctx)
        with panel.context(admin) as writer:  # another connection commits meanwhile
            accounts.create(writer, role="customer", login="fasttwo", password="Fast-Read-Pass1!",
                            email="t@example.test")
        again = account_views.list_(ctx)
        if panel.local_store:
            assert [v.login for v in again] == [v.login for v in before]  # one snapshot per unit of work
    with panel.context(admin, read_only=True) as ctx:
        assert "fasttwo" in [v.login for v in account_views.list_(ctx)]


def test_a_read_inside_a_read_and_orm_use_inside_a_read_work(panel, admin):
    with panel.context(admin, read_only=True) as outer:
        with panel.context(admin, read_only=True) as inner:
            assert [v.login for v in account_views.list_(inner)] == ["admin"]
        assert outer.session.get(Account, admin.account_id).login == "admin"  # the ORM joins the read
        assert [v.login for v in account_views.list_(outer)] == ["admin"]
    for _ in range(3):  # and the kept connection is free again afterwards, each time
        with panel.context(admin, read_only=True) as again:
            assert account_views.get(again, id=admin.account_id).login == "admin"
