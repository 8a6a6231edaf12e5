"""In-process clients of the Plesk XML API (agent.php) on a fresh store, and reply helpers."""
from __future__ import annotations

import base64
from configparser import ConfigParser

import pytest
from lxml import etree
from starlette.testclient import TestClient

from polypanel.auth.authenticator import Authenticator
from polypanel.dialects.environment import DialectEnv, Listener
from polypanel.server.apps import build_app
from tests.conftest import ADMIN_PASSWORD

AGENT = "/enterprise/control/agent.php"
ADMIN = {"HTTP_AUTH_LOGIN": "admin", "HTTP_AUTH_PASSWD": ADMIN_PASSWORD}


class Agent:
    """Posts packets to agent.php and reads the replies."""

    def __init__(self, panel, *, tls: bool = True, ip: str = "127.0.0.1", ini: str = ""):
        self.panel = panel
        parser = ConfigParser()
        parser.read_string(ini)
        env = DialectEnv(panel=panel, auth=Authenticator(panel), ini=parser, data_dir=".")
        listener = Listener(name="plesk_https" if tls else "plesk_http", port=8443 if tls else 8880, tls=tls)
        self.http = TestClient(build_app(env, listener), base_url=("https" if tls else "http") + "://testserver",
                               raise_server_exceptions=True, client=(ip, 50000))

    def raw(self, body, headers=None):
        h = {"Content-Type": "text/xml", **(ADMIN if headers is None else headers)}
        return self.http.post(AGENT, content=body if isinstance(body, bytes) else body.encode(), headers=h)

    def post(self, body, headers=None):
        r = self.raw(body, headers)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].lower().replace(" ", "") == "text/xml;charset=utf-8"
        return etree.fromstring(r.content)


def packet(inner: str, version: str | None = None) -> str:
    v = f' version="{version}"' if version else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><packet{v}>{inner}</packet>'


def results(root, path: str) -> list:
    return root.findall(path + "/result")


def ok(result) -> bool:
    return result.findtext("status") == "ok"


def system_code(root) -> int | None:
    code = root.findtext("system/errcode")
    return int(code) if code else None


def basic(login: str, password: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()}


@pytest.fixture
def agent(panel):
    return Agent(panel)
