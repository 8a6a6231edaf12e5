"""The HTTP server under every listener: granian, embedded in the panel's own event loop.

granian (HTTP/1.1 and HTTP/2 and TLS in Rust) was chosen for speed: on this class of machine a
bare ASGI hello-world serves several times the requests per second of uvicorn (see ``bench/``).
Every listener is one embedded granian server on the same loop as the provisioning poller, so
one process owns the store, the daemons and the sockets, and SIGTERM stops all of them.
"""
from __future__ import annotations

import asyncio
import errno
import logging
import socket
from dataclasses import dataclass
from pathlib import Path

from granian.constants import HTTPModes, Interfaces, SSLProtocols
from granian.http import HTTP1Settings
from granian.server.embed import Server

log = logging.getLogger("polypanel.server")


class PortTaken(OSError):
    def __init__(self, host: str, port: int, detail: str = ""):
        super().__init__(errno.EADDRINUSE, f"{host}:{port} is already in use" + (f" ({detail})" if detail else ""))
        self.host = host
        self.port = port


def check_free(host: str, port: int) -> None:
    """Raise ``PortTaken`` when ``host:port`` cannot be bound (before any daemon or server starts)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as e:
            if e.errno in (errno.EADDRINUSE, errno.EACCES):
                raise PortTaken(host, port, e.strerror or "") from None
            raise


@dataclass
class ListenerServer:
    """One listening socket serving one ASGI app."""

    app: object
    host: str
    port: int
    cert: Path | None = None
    key: Path | None = None
    graceful: float = 5.0

    def __post_init__(self):
        kwargs = {}
        if self.cert is not None:
            # TLS 1.2 too: billing systems on older PHP and Perl builds still speak only 1.2.
            kwargs.update(ssl_cert=Path(self.cert), ssl_key=Path(self.key), ssl_protocol_min=SSLProtocols.tls12)
        self.server = Server(self.app, address=self.host, port=self.port, interface=Interfaces.ASGINL,
                             http=HTTPModes.auto, websockets=False, log_enabled=False, backlog=1024,
                             http1_settings=HTTP1Settings(keep_alive=True), **kwargs)
        self.server.workers_kill_timeout = self.graceful
        self.task: asyncio.Task | None = None

    async def start(self, timeout: float = 10.0) -> None:
        self.task = asyncio.create_task(self.server.serve(), name=f"listener-{self.port}")
        deadline = asyncio.get_running_loop().time() + timeout
        while not await self._answers():
            if self.task.done():
                exc = self.task.exception()
                if exc is not None and "in use" in str(exc):
                    raise PortTaken(self.host, self.port) from None
                raise RuntimeError(f"the listener on {self.host}:{self.port} stopped: {exc}")
            if asyncio.get_running_loop().time() > deadline:
                raise RuntimeError(f"the listener on {self.host}:{self.port} did not start")
            await asyncio.sleep(0.02)

    async def _answers(self) -> bool:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else "::1" if self.host == "::" else self.host
        try:
            _r, w = await asyncio.wait_for(asyncio.open_connection(host, self.port), 0.5)
        except (OSError, asyncio.TimeoutError):
            return False
        w.close()
        return True

    async def stop(self) -> None:
        self.server.signal_handler_interrupt()
        if self.task is not None:
            try:
                await asyncio.wait_for(self.task, self.graceful + 5)
            except (asyncio.TimeoutError, Exception):  # noqa: BLE001 - stopping anyway
                self.task.cancel()
