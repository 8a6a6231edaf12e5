"""``polypanel serve``: every listener in one process, on one event loop, stopped cleanly by SIGTERM/SIGINT."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

import uvicorn

from polypanel.dialects.environment import Listener

from .apps import build_app
from .config import LISTENERS
from .runtime import Runtime
from .tls import ensure_certificate

log = logging.getLogger("polypanel.server")


class _Server(uvicorn.Server):
    """A uvicorn server that leaves signal handling to us (several run on one loop)."""

    @contextlib.contextmanager
    def capture_signals(self):
        yield


def build_servers(rt: Runtime) -> list[_Server]:
    cert, key = ensure_certificate(rt.config.data_dir, rt.panel.settings.hostname)
    servers = []
    for name, (_key, _default, tls) in LISTENERS.items():
        port = rt.config.ports[name]
        if port == 0:
            continue
        app = build_app(rt.env, Listener(name=name, port=port, tls=tls))
        kwargs = dict(host=rt.config.bind, port=port, log_level="warning", access_log=False, lifespan="off",
                      server_header=False, proxy_headers=False)
        if tls:
            kwargs.update(ssl_certfile=str(cert), ssl_keyfile=str(key))
        servers.append(_Server(uvicorn.Config(app, **kwargs)))
    return servers


async def run(rt: Runtime, ready=None) -> None:
    servers = build_servers(rt)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    tasks = [asyncio.create_task(s.serve()) for s in servers]
    while not all(s.started for s in servers):
        if any(t.done() for t in tasks):
            for t in tasks:
                if t.done() and t.exception():
                    raise t.exception()
            raise SystemExit("a listener failed to start")
        await asyncio.sleep(0.05)
    if ready:
        ready()
    waiter = asyncio.create_task(stop.wait())
    await asyncio.wait([waiter, *tasks], return_when=asyncio.FIRST_COMPLETED)
    for s in servers:
        s.should_exit = True
    await asyncio.gather(*tasks, return_exceptions=True)
    waiter.cancel()
    rt.panel.engine.dispose()
