"""The one authorization check: role, the account's permissions, and the credential's scopes."""
import pytest

from polypanel.core import accounts, authorization, cascade, extensions, plans, subscriptions
from polypanel.core.errors import Forbidden
from polypanel.core.principal import Principal


def who(role, scopes=(), permissions=()):
    return Principal(actor_id=9, actor_login="x", account_id=9, login="x", role=role,
                     scopes=frozenset(scopes), permissions=frozenset(permissions))


@pytest.mark.parametrize("role,action,allowed", [
    ("admin", "extensions:manage", True),
    ("reseller", "extensions:manage", False),
    ("reseller", "accounts:create_customer", True),
    ("reseller", "accounts:create_reseller", False),
    ("customer", "accounts:create_customer", False),
    ("customer", "dns:write", True),
    ("customer", "subscriptions:delete", False),
    ("reseller", "subscriptions:delete", True),
    ("customer", "domains:set_status", False),
])
def test_roles(role, action, allowed):
    assert authorization.allows(who(role), action) is allowed


def test_a_reseller_needs_the_xml_api_permission():
    assert not authorization.allows(who("reseller"), "api:plesk_xml")
    assert authorization.allows(who("reseller", permissions={"manage_xml_api"}), "api:plesk_xml")
    assert authorization.allows(who("customer"), "api:plesk_xml")  # customers: their own objects only
    assert authorization.allows(who("admin"), "api:plesk_xml")


def test_scopes_narrow_and_never_widen():
    token = who("reseller", scopes={"dns:*", "accounts:read"})
    assert authorization.allows(token, "dns:write")
    assert authorization.allows(token, "accounts:read")
    assert not authorization.allows(token, "accounts:create_customer")  # the role allows it; the token does not
    widened = who("customer", scopes={"*"})
    assert not authorization.allows(widened, "extensions:manage")  # a scope cannot add what the role lacks
    assert not authorization.allows(who("admin", scopes={"dns:*"}), "server:manage")


def test_the_admin_only_rest_api():
    assert authorization.may_use_api(who("admin"), "plesk_rest")
    assert not authorization.may_use_api(who("reseller"), "plesk_rest")
    assert not authorization.may_use_api(who("admin", scopes={"dns:*"}), "plesk_rest")


def test_services_ask_the_check(panel, admin):
    """A scoped principal is refused by the services themselves, whatever API it came through."""
    with panel.context(admin) as ctx:
        reseller = accounts.create(ctx, role="reseller", login="authzres", password="Res3ller-Pass!", email="r@example.com")
    full = Principal(reseller.id, reseller.login, reseller.id, reseller.login, "reseller")
    narrow = Principal(reseller.id, reseller.login, reseller.id, reseller.login, "reseller", scopes=frozenset({"dns:*"}))
    with panel.context(full) as ctx:
        accounts.create(ctx, role="customer", login="authzcust", password="Cust0mer-Pass!", email="c@example.com")
        plans.create(ctx, name="authz plan")
    with pytest.raises(Forbidden), panel.context(narrow) as ctx:
        accounts.create(ctx, role="customer", login="authzcust2", password="Cust0mer-Pass!", email="c@example.com")
    with pytest.raises(Forbidden), panel.context(narrow) as ctx:
        plans.create(ctx, name="authz plan 2")
    with pytest.raises(Forbidden), panel.context(full) as ctx:
        extensions.install(ctx, ext_id="x", url=None, file=None)
    with panel.context(full) as ctx:
        sub = subscriptions.create(ctx, domain="authz.example", owner_login="authzcust")
        sub_id = sub.id
    customer = panel.principal_for("authzcust")
    with pytest.raises(Forbidden), panel.context(customer) as ctx:
        cascade.delete_subscription(ctx, subscriptions.get(ctx, id=sub_id))
