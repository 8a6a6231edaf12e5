"""Every CLI gateway call is audited as the caller (the utility, command, target and exit code, never
its options), and what a utility changes is audited by the core services it calls."""
from sqlalchemy import select
from starlette.testclient import TestClient

from polypanel.auth.authenticator import Authenticator
from polypanel.dialects.environment import DialectEnv, Listener
from polypanel.server.apps import build_app
from polypanel.store.models import AuditEvent
from tests.conftest import ADMIN_PASSWORD

LISTENER = Listener(name="plesk_https", port=8443, tls=True)


def test_gateway_calls_are_audited_without_their_options(panel):
    app = build_app(DialectEnv(panel=panel, auth=Authenticator(panel)), LISTENER)
    with TestClient(app, base_url="https://testserver", client=("127.0.0.1", 40000)) as http:
        http.auth = ("admin", ADMIN_PASSWORD)
        made = http.post("/api/v2/cli/subscription/call", json={"params": [
            "--create", "audited.example", "-login", "audu", "-passwd", "S3cret-Sys-Pass!"]}).json()
        assert made["code"] == 0, made
        failed = http.post("/api/v2/cli/subscription/call", json={"params": ["--info", "missing.example"]}).json()
        assert failed["code"] == 1
    with panel.sessions() as s:
        events = list(s.scalars(select(AuditEvent).order_by(AuditEvent.id)))
    calls = [(e.actor, e.api, e.object_id, e.detail) for e in events if e.action == "cli:call"]
    assert calls == [("admin", "plesk_rest", "subscription", "--create audited.example code=0"),
                     ("admin", "plesk_rest", "subscription", "--info missing.example code=1")]
    assert any(e.action == "subscription:create" and e.api == "plesk_rest" for e in events)
    assert not any("S3cret" in (e.detail or "") for e in events)
