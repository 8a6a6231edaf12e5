"""Building a running panel from a data directory: store, core, auth, provisioning."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from polypanel.auth.authenticator import Authenticator
from polypanel.auth.guard import BruteForceGuard, GuardPolicy
from polypanel.core import bootstrap
from polypanel.core.clock import Clock
from polypanel.core.panel import Panel
from polypanel.dialects.environment import DialectEnv
from polypanel.store.engine import make_engine
from polypanel.store.migrate import upgrade

from .config import PanelConfig, load

DATA_DIR_MODE = 0o700


@dataclass
class Runtime:
    config: PanelConfig
    panel: Panel
    env: DialectEnv
    admin_password: str | None  # set only when the admin was created by this start
    provisioning: object | None = None  # polypanel.provision.Provisioning, once attached
    runner: object | None = None  # polypanel.provision.jobs.JobRunner

    def attach_provisioning(self):
        """Build the appliers from panel.ini and run provisioning jobs right after each change commits.

        Returns the Provisioning; the caller starts its supervised daemons (``serve``) or not (CLI)."""
        from polypanel.provision import build_provisioning
        from polypanel.provision.jobs import JobRunner
        from polypanel.provision.name_probe import ProvisionedNames

        # panel.ini is read as it is: the document root the core settled on is handed over, not written back.
        self.provisioning = build_provisioning(self.config.ini, self.config.data_dir / "provision",
                                               vhosts_root=self.panel.settings.vhosts_root)
        self.panel.name_probe = ProvisionedNames(self.provisioning)
        if self.provisioning.access_logs:
            self.env.traffic = self.provisioning.traffic
        self.runner = JobRunner.for_panel(self.panel, self.provisioning)
        self.panel.job_sinks.append(self.runner.sink(timeout=self.panel.settings.apply_timeout))
        return self.provisioning


def attach_autossl(panel: Panel, config: PanelConfig) -> None:
    """AutoSSL's certificate source (the local CA under DATA_DIR/autossl, made on first use). The
    checks run in ``polypanel serve`` (its worker: server/serve.py); another process (the ``uapi``
    and ``whmapi1`` commands) only queues them."""
    from polypanel.provision.local_ca import LocalCertificateAuthority

    if not panel.settings.autossl_enabled:
        return
    panel.certificate_source = LocalCertificateAuthority(config.data_dir / "autossl", panel.settings.hostname)


def open_runtime(data_dir: str | Path, config_file: str | Path | None = None, *, database_url: str | None = None,
                 bind: str | None = None, admin_password: str | None = None, clock: Clock | None = None,
                 migrate: bool = True) -> Runtime:
    config = load(data_dir, config_file, bind=bind, database_url=database_url, write=True)
    config.data_dir.mkdir(mode=DATA_DIR_MODE, parents=True, exist_ok=True)
    if config.data_dir.stat().st_mode & 0o777 != DATA_DIR_MODE:
        os.chmod(config.data_dir, DATA_DIR_MODE)  # also an existing one: it holds the store and the keys
    engine = make_engine(config.database_url)
    if migrate:
        upgrade(engine)
    panel = Panel(engine, config.core_settings(), clock=clock)
    created = bootstrap.ensure(panel, admin_password)
    guard = BruteForceGuard(panel.clock, GuardPolicy.from_ini(config.ini))
    attach_autossl(panel, config)
    env = DialectEnv(panel=panel, auth=Authenticator(panel, guard), ini=config.ini, data_dir=str(config.data_dir))
    return Runtime(config=config, panel=panel, env=env, admin_password=created)
