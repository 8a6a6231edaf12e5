"""``polypanel serve``: every listener in one process, on one event loop, stopped cleanly by SIGTERM/SIGINT."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from polypanel.core import autossl
from polypanel.dialects.environment import Listener

from .apps import build_app
from .config import LISTENERS
from .listeners import ListenerServer
from .runtime import Runtime
from .startup import StartupError, check_ports, daemon_ports, daemons_free_of_leftovers, listener_ports
from .tls import ensure_certificate

log = logging.getLogger("polypanel.server")
GRACEFUL_SHUTDOWN = 5.0  # seconds in-flight requests get after SIGTERM
# The start-up reconcile runs before the listeners open when it is quick (a small box answers
# with everything applied); on a big box the APIs open after this long and it finishes behind them.
RECONCILE_BEFORE_LISTENING = 20.0


def build_servers(rt: Runtime) -> list[ListenerServer]:
    cert, key = ensure_certificate(rt.config.data_dir, rt.panel.settings.hostname)
    servers = []
    for name, (_key, _default, tls) in LISTENERS.items():
        port = rt.config.ports[name]
        if port == 0:
            continue
        app = build_app(rt.env, Listener(name=name, port=port, tls=tls))
        servers.append(ListenerServer(app, rt.config.bind, port, cert=cert if tls else None, key=key if tls else None,
                                      graceful=GRACEFUL_SHUTDOWN))
    return servers


async def _apply_pending(rt: Runtime, reconciled: asyncio.Future, every: float = 2.0) -> None:
    """Apply jobs queued by other processes (the CLI, other panel nodes) and retry failed starts."""
    try:
        await reconciled
    except Exception:  # noqa: BLE001 - logged where it ran; the poller still heals what it can
        log.exception("the start-up reconcile failed")
    while True:
        await asyncio.sleep(every)
        try:
            await asyncio.to_thread(rt.runner.run_pending)
        except Exception:  # noqa: BLE001 - keep serving; the job rows carry the error
            log.exception("applying pending provisioning jobs failed")
        try:  # AutoSSL checks queued by other processes (the uapi/whmapi1 commands)
            await asyncio.to_thread(autossl.wake_if_queued, rt.panel)
        except Exception:  # noqa: BLE001 - keep serving
            log.exception("looking for queued AutoSSL checks failed")


def start_provisioning(rt: Runtime) -> None:
    from polypanel.provision.errors import ConfigError, DaemonError

    # Taken ports are named before anything starts (named would answer "ready" through another DNS server).
    check_ports(listener_ports(rt.config), rt.config)
    try:
        prov = rt.attach_provisioning()
    except ConfigError as e:
        raise StartupError(f"{e} (in {rt.config.config_file})") from None
    for warning in prov.warnings:
        print(f"warning: {warning}", flush=True)
    check_ports(listener_ports(rt.config) + daemon_ports(daemons_free_of_leftovers(prov)), rt.config)
    try:
        prov.start()
    except DaemonError as e:
        check_ports(daemon_ports(prov.daemons), rt.config)  # taken since the check above?
        raise StartupError(str(e).strip()) from None
    rt.runner.recover()
    if rt.panel.certificate_source is not None:  # this process runs AutoSSL's checks
        rt.panel.workers[autossl.WORKER] = autossl.Worker(rt.panel).wake
        autossl.recover(rt.panel)


def reconcile_at_start(rt: Runtime) -> None:
    """Heal whatever a crash left half-applied, and pick up changes made while stopped."""
    reports = rt.runner.reconcile()
    for service, report in reports.items():
        for key, message in getattr(report, "rejected", {}).items():
            print(f"warning: {service} {key} was not applied: {message}", flush=True)


def run_forever(rt: Runtime, ready=None) -> None:
    """Run the panel until SIGTERM/SIGINT, on uvloop (a faster event loop) when it is installed."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvloop is a dependency; plain asyncio still works
        asyncio.run(run(rt, ready))
    else:
        uvloop.run(run(rt, ready))


async def run(rt: Runtime, ready=None) -> None:
    # Signals are ours from the start: SIGTERM while the daemons start must still stop them.
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await asyncio.to_thread(start_provisioning, rt)
        if not stop.is_set():
            await _serve(rt, stop, ready)
    finally:
        if rt.provisioning is not None:
            await asyncio.to_thread(rt.provisioning.stop)
        rt.panel.close()


async def _serve(rt: Runtime, stop: asyncio.Event, ready=None) -> None:
    reconciled = asyncio.ensure_future(asyncio.to_thread(reconcile_at_start, rt))
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait([reconciled, stopping], timeout=RECONCILE_BEFORE_LISTENING,
                       return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if stop.is_set():
        with contextlib.suppress(Exception):
            await reconciled  # the appliers are stopped only once it has let go of them
        return
    if not reconciled.done():
        print("The panel's sites, zones and accounts are still being applied; what is not yet applied shows "
              "as pending.", flush=True)
        reconciled.add_done_callback(lambda f: not f.cancelled() and f.exception() is None and print(
            "Start-up reconcile finished.", flush=True))
    servers = build_servers(rt)
    try:
        for s in servers:
            try:
                await s.start()
            except Exception:
                # Name the port and its panel.ini key, as the check before start does.
                check_ports(listener_ports(rt.config), rt.config)
                raise StartupError(f"the listener on port {s.port} failed to start") from None
        if ready:
            ready()
        waiter = asyncio.create_task(stop.wait())
        poller = asyncio.create_task(_apply_pending(rt, reconciled))
        await asyncio.wait([waiter, *(s.task for s in servers)], return_when=asyncio.FIRST_COMPLETED)
        poller.cancel()
        waiter.cancel()
    finally:
        await asyncio.gather(*(s.stop() for s in servers), return_exceptions=True)
        with contextlib.suppress(Exception):
            await reconciled  # the appliers are stopped only once it has let go of them
