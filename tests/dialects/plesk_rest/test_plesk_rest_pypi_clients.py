"""Two Plesk clients from PyPI, used as their users use them, against a real ``polypanel serve``:

- ``plesk-mcp`` (an MCP server for Plesk) fetches /api/v2/openapi.json, makes one tool per
  operation named after its summary (``Get_server_information``) and calls them;
- ``plesk-sdk`` creates, suspends and removes subscriptions and makes login links through the CLI
  gateway (``/cli/subscription/call``, ``/cli/admin/call --get-login-link``).
"""
import argparse
import asyncio
import json

import httpx
import plesk_mcp.server as plesk_mcp_server
import plesk_sdk.client as plesk_sdk_client
import pytest

from .fixtures import unique


@pytest.fixture(scope="module")
def key(admin_api):
    return admin_api.post("/auth/keys", json={"description": "pypi clients"}).json()["key"]


def _structured(result):
    if result.structured_content is not None:
        return result.structured_content
    return json.loads(result.content[0].text)


def test_plesk_mcp_finds_and_calls_the_operations_by_their_names(plesk, key, world):
    opts = argparse.Namespace(host=plesk.url("plesk_https", ""), api_key=key, username="admin", password=None,
                              insecure=True, timeout=60, log_level="WARNING", demo=False)

    async def session():
        mcp = await plesk_mcp_server.create_mcp_server(opts)  # stops at start if an operation it needs is missing
        listing = (await mcp.call_tool("api_list", {})).content[0].text
        info = await mcp.call_tool("api_call", {"name": "Get_server_information", "params": {}})
        clients = await mcp.call_tool("api_call", {"name": "List_clients", "params": {}})
        domain = await mcp.call_tool("api_call", {"name": "Get_domain_details", "params": {"id": world.domain_id}})
        cli = await mcp.call_tool("api_call", {"name": "Execute_CLI_command",
                                               "params": {"id": "subscription", "params": ["--info", world.domain]}})
        token = await mcp.call_tool("api_call", {"name": "Create_a_session_token", "params": {"login": world.login}})
        return listing, info, clients, domain, cli, token

    listing, info, clients, domain, cli, token = asyncio.run(session())
    for name in ("Get_server_information", "List_clients", "Create_a_session_token", "Execute_CLI_command"):
        assert f"### `{name}`" in listing
    assert _structured(info)["platform"] == "Unix"
    assert world.login in json.dumps(_structured(clients))
    assert _structured(domain)["name"] == world.domain
    out = _structured(cli)
    assert out["code"] == 0 and world.domain in out["stdout"]
    assert len(_structured(token)["id"]) >= 32


def test_plesk_sdk_manages_subscriptions_and_login_links_through_the_gateway(plesk, admin_api, key, world):
    sdk = plesk_sdk_client.Client(plesk.url("plesk_https", ""), key)
    name = f"{unique('sdk')}.example"
    plan = unique("SDK Plan ")
    assert admin_api.post("/cli/service_plan/call", json={"params": ["--create", plan]}).json()["code"] == 0
    created = sdk.subscription_create(name, **{"owner": world.login, "service-plan": plan, "ip": "127.0.0.1",
                                               "login": unique("sdk"), "passwd": "Sdk-Passw0rd!"})
    assert created == {"code": 0, "stdout": f"SUCCESS: Creation of domain '{name}' completed.\n", "stderr": ""}
    domain_id = admin_api.get("/domains", params={"name": name}).json()[0]["id"]
    assert sdk.subscription_off(name)["code"] == 0
    assert admin_api.get(f"/domains/{domain_id}/status").json() == {"status": "suspended"}
    assert sdk.subscription_on(name)["code"] == 0
    assert admin_api.get(f"/domains/{domain_id}/status").json() == {"status": "active"}
    assert sdk.get_domain(domain_id)["name"] == name
    assert name in [d["name"] for d in sdk.get_customer_domains(world.client_id)]
    link = sdk.get_login_link(world.login)["stdout"].strip()
    with httpx.Client(verify=False, follow_redirects=False) as browser:
        assert browser.get(link).status_code == 303
    with pytest.raises(ValueError):  # a failed utility is an error for the SDK (code != 0)
        sdk.subscription_create(name, owner=world.login)
    assert sdk.subscription_remove(name)["stdout"] == f"SUCCESS: Removal of '{name}' completed.\n"
    assert admin_api.get("/domains", params={"name": name}).json() == []
