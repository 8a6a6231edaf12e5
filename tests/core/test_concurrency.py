"""Two concurrent creates of the same object: one success, one clean AlreadyExists."""
import threading

from polypanel.core import accounts, subscriptions, webspaces
from polypanel.core.errors import AlreadyExists
from polypanel.core.panel import Panel
from polypanel.store.engine import make_engine

PW = "Str0ng-Pass!"


def test_concurrent_creates_of_one_domain(panel, admin):
    with panel.context(admin) as ctx:
        for n in range(4):
            accounts.create(ctx, role="customer", login=f"racer{n}", password=PW)
    url = panel.engine.url.render_as_string(hide_password=False)
    barrier = threading.Barrier(4)
    results = []

    def attempt(n):
        other = Panel(make_engine(url), panel.settings, clock=panel.clock)
        try:
            barrier.wait()
            with other.context(admin) as ctx:
                subscriptions.create(ctx, domain="contested.test", owner_login=f"racer{n}")
            results.append("ok")
        except AlreadyExists:
            results.append("exists")
        except Exception as e:  # noqa: BLE001 - any other outcome fails the test below
            results.append(repr(e))
        finally:
            other.engine.dispose()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["exists", "exists", "exists", "ok"], results
    with panel.context(admin) as ctx:
        subs = subscriptions.list_(ctx)
        assert [webspaces.main_domain(s).ascii_name for s in subs] == ["contested.test"]


def test_read_only_context_is_not_held_up_by_a_writer(panel, admin):
    from polypanel.core import plans

    holding, release = threading.Event(), threading.Event()

    def writer():
        with panel.context(admin) as ctx:
            plans.create(ctx, name="held")
            ctx.session.flush()
            holding.set()
            release.wait(20)

    t = threading.Thread(target=writer)
    t.start()
    try:
        assert holding.wait(10)
        seen = {}

        def read():
            with panel.context(admin, read_only=True) as ctx:
                seen["plans"] = [p.name for p in plans.list_(ctx)]

        reader = threading.Thread(target=read)
        reader.start()
        reader.join(5)
        assert not reader.is_alive(), "the read waited for the writer"
        assert "held" not in seen["plans"] and "Unlimited" in seen["plans"]  # the committed state only
    finally:
        release.set()
        t.join()
