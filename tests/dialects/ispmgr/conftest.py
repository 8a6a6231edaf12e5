"""In-process ISPmanager app over a fresh store (the real-server tests use tests/panel_process.py)."""
from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from polypanel.auth.authenticator import Authenticator
from polypanel.core import accounts, plans, subscriptions
from polypanel.dialects.environment import DialectEnv, Listener
from polypanel.server.apps import build_app
from polypanel.server.config import new_parser

LISTENER = Listener(name="ispmgr_https", port=1500, tls=True)
ADMIN_PASSWORD = "Admin-Passw0rd!"
PASSWORD = "Tenant-Passw0rd!"


class Isp:
    def __init__(self, panel, tmp_path, ini: str = ""):
        parser = new_parser()
        parser.read_string(ini)
        self.panel = panel
        self.env = DialectEnv(panel=panel, auth=Authenticator(panel), ini=parser, data_dir=str(tmp_path))
        self.app = build_app(self.env, LISTENER)
        with panel.context(panel.admin()) as ctx:
            admin = accounts.get(ctx, id=panel.admin().account_id)
            accounts.update(ctx, admin, password=ADMIN_PASSWORD)
            self.admin_login = admin.login

    def client(self, ip: str = "127.0.0.1") -> TestClient:
        return TestClient(self.app, base_url="https://testserver", client=(ip, 50000))

    def customer(self, login: str, domain: str | None = None, owner: str | None = None, plan: str | None = None):
        with self.panel.context(self.panel.admin()) as ctx:
            acc = accounts.create(ctx, role="customer", login=login, password=PASSWORD, owner_login=owner)
            if domain:
                subscriptions.create(ctx, domain=domain, owner_id=acc.id, plan_name=plan)
        return acc.login

    def reseller(self, login: str):
        with self.panel.context(self.panel.admin()) as ctx:
            accounts.create(ctx, role="reseller", login=login, password=PASSWORD)
        return login

    def plan(self, name: str, **limits):
        with self.panel.context(self.panel.admin()) as ctx:
            plans.create(ctx, name=name, limits=limits)
        return name


@pytest.fixture
def isp(panel, tmp_path):
    return Isp(panel, tmp_path)
