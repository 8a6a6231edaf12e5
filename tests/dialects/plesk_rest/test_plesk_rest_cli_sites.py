"""plesk bin domain, site, subdomain and domalias through the CLI gateway, over HTTPS."""
from .cli import fails, ok
from .fixtures import unique


def test_domain_makes_a_subscription_or_a_site_in_one(admin_api, world):
    name = f"{unique('dom')}.example"
    assert ok(admin_api, "domain", "--create", name, "-owner", world.login, "-login", unique("d"),
              "-passwd", "Sys-Passw0rd!") == f"SUCCESS: Creation of domain '{name}' completed.\n"
    assert "Kind:" in (info := ok(admin_api, "domain", "--info", name)) and "main" in info
    addon = f"{unique('add')}.example"
    ok(admin_api, "domain", "--create", addon, "-webspace-name", name, "-www-root", "/addon")
    assert f"/{name}/addon" in ok(admin_api, "domain", "--info", addon)
    assert {name, addon} <= set(ok(admin_api, "domain", "--list").split())
    ok(admin_api, "domain", "--off", addon)
    did = admin_api.get("/domains", params={"name": addon}).json()[0]["id"]
    assert admin_api.get(f"/domains/{did}/status").json() == {"status": "suspended"}
    ok(admin_api, "domain", "--on", addon)
    assert ok(admin_api, "domain", "--remove", name) == f"SUCCESS: Removal of '{name}' completed.\n"
    assert fails(admin_api, "domain", "--info", addon)  # it went with its subscription


def test_site(admin_api, world):
    name = f"{unique('site')}.example"
    assert ok(admin_api, "site", "--create", name, "-webspace-name", world.domain) == \
        f"SUCCESS: Creation of domain '{name}' completed.\n"
    assert ok(admin_api, "site", "--list", "-webspace-name", world.domain).split() == [world.domain, name]
    assert ok(admin_api, "site", "--update", name, "-www-root", "/docs/site", "-description", "d") == \
        f"SUCCESS: Update of site '{name}' completed.\n"
    assert f"/{world.domain}/docs/site" in ok(admin_api, "site", "--info", name)
    assert "www-root" in fails(admin_api, "site", "--update", name, "-www-root", "/../../etc")
    assert "-webspace-name is required" in fails(admin_api, "site", "--create", f"{unique('s')}.example")
    assert fails(admin_api, "site", "--create", f"{unique('s')}.example", "-webspace-name", "none.example")
    ok(admin_api, "site", "--remove", name)
    assert name not in ok(admin_api, "site", "--list").split()


def test_subdomain(admin_api, world):
    assert ok(admin_api, "subdomain", "--create", "blog", "-domain", world.domain) == \
        f"SUCCESS: Creation of subdomain 'blog.{world.domain}' completed.\n"
    assert f"Parent domain:" in (info := ok(admin_api, "subdomain", "--info", "blog", "-domain", world.domain))
    assert world.domain in info
    assert ok(admin_api, "subdomain", "--list", "-domain", world.domain).split() == [f"blog.{world.domain}"]
    ok(admin_api, "subdomain", "--update", f"blog.{world.domain}", "-www-root", "/blog")
    assert f"/{world.domain}/blog" in ok(admin_api, "subdomain", "--info", f"blog.{world.domain}")
    assert fails(admin_api, "subdomain", "--create", "blog", "-domain", world.domain)  # exists
    assert fails(admin_api, "subdomain", "--create", "x", "-domain", "none.example")
    assert fails(admin_api, "subdomain", "--info", world.domain)  # a site, not a subdomain
    ok(admin_api, "subdomain", "--remove", "blog", "-domain", world.domain)
    assert ok(admin_api, "subdomain", "--list", "-domain", world.domain) == ""


def test_domalias(admin_api, world):
    alias = f"{unique('alias')}.example"
    assert ok(admin_api, "domalias", "--create", alias, "-domain", world.domain) == \
        f"SUCCESS: Creation of domain alias '{alias}' completed.\n"
    aliases = admin_api.get(f"/domains/{world.domain_id}").json()["aliases"]
    assert [a["name"] for a in aliases] == [alias] and isinstance(aliases[0]["id"], int)
    assert world.domain in ok(admin_api, "domalias", "--info", alias)
    assert ok(admin_api, "domalias", "--list", "-domain", world.domain).split() == [alias]
    ok(admin_api, "domalias", "--off", alias)
    assert "Suspended" in ok(admin_api, "domalias", "--info", alias)
    ok(admin_api, "domalias", "--on", alias)
    assert "not supported" in fails(admin_api, "domalias", "--create", f"{unique('a')}.example", "-domain",
                                    world.domain, "-mail", "false")
    assert fails(admin_api, "domalias", "--info", world.domain)  # a site, not an alias
    assert ok(admin_api, "domalias", "--delete", alias) == f"SUCCESS: Removal of '{alias}' completed.\n"
    assert admin_api.get(f"/domains/{world.domain_id}").json()["aliases"] == []
