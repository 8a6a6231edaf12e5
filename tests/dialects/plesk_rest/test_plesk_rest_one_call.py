"""A vendor operation is one core call: creating a domain with a description audits and queues once."""
from sqlalchemy import select
from starlette.testclient import TestClient

from polypanel.auth.authenticator import Authenticator
from polypanel.core import domains
from polypanel.dialects.environment import DialectEnv, Listener
from polypanel.server.apps import build_app
from polypanel.store.models import AuditEvent, ProvisionJob
from tests.conftest import ADMIN_PASSWORD


def test_domain_create_with_a_description_is_one_change(panel):
    app = build_app(DialectEnv(panel=panel, auth=Authenticator(panel)), Listener("plesk_https", 8443, True))
    with TestClient(app, base_url="https://testserver", client=("127.0.0.1", 40000)) as http:
        r = http.post("/api/v2/domains", auth=("admin", ADMIN_PASSWORD),
                      json={"name": "onecall.example", "description": "kept", "hosting_type": "virtual"})
        assert r.status_code == 201, r.text
        got = http.get(f"/api/v2/domains/{r.json()['id']}", auth=("admin", ADMIN_PASSWORD)).json()
    with panel.sessions() as s:
        actions = [a for (a,) in s.execute(select(AuditEvent.action).where(AuditEvent.action.like("%:%"),
                                                                             AuditEvent.action != "auth:failure"))]
        web_jobs = s.scalars(select(ProvisionJob).where(ProvisionJob.service == "web",
                                                        ProvisionJob.target == "onecall.example")).all()
    assert actions.count("subscription:create") == 1 and "domain:update" not in actions
    assert len(web_jobs) == 1
    with panel.context(panel.admin()) as ctx:
        assert domains.get(ctx, name="onecall.example").description == "kept"
    assert got["name"] == "onecall.example"
