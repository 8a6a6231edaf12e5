"""First-start set-up of a store: the administrator, default plans, the server's IPs and database servers."""
from __future__ import annotations

import secrets
import string
import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from polypanel.store.models import Account, DatabaseServer, IpAddress, Plan, Setting

from . import dns_template
from .panel import Panel
from .password_hashes import hash_login_password
from .plans import UNLIMITED

ADMIN_LOGIN = "admin"
# Plesk ships a service plan named "Unlimited"; cPanel a package named "default".
DEFAULT_PLANS = ("Unlimited", "default")


def generate_password(length: int = 16) -> str:
    alphabet = string.ascii_letters + string.digits
    while True:
        pw = "".join(secrets.choice(alphabet) for _ in range(length - 2)) + secrets.choice("!#%+-=") + secrets.choice(string.digits)
        if any(c.islower() for c in pw) and any(c.isupper() for c in pw):
            return pw


def ensure(panel: Panel, admin_password: str | None = None) -> str | None:
    """Create what a new store needs. Returns the admin password if an admin was created now."""
    created_password = None
    with panel.sessions() as s:
        try:
            with s.begin():
                admin = s.scalar(select(Account).where(Account.role == "admin"))
                if admin is None:
                    created_password = admin_password or generate_password()
                    admin = Account(login=ADMIN_LOGIN, role="admin", name="Administrator", email="",
                                    password_hash=hash_login_password(created_password), created_at=panel.clock.now())
                    s.add(admin)
                    s.flush()
                    for name in DEFAULT_PLANS:
                        s.add(Plan(name=name, owner_id=admin.id, limits=dict(UNLIMITED), hosting={}, created_at=panel.clock.now()))
                    s.add(Setting(name="server_guid", value=str(uuid.uuid4())))
                if s.get(Setting, "dns_template_seeded") is None:
                    # New stores, and stores from before the template was data (migration 0003).
                    dns_template.seed(s, panel.settings.nameservers)
                    s.add(Setting(name="dns_template_seeded", value="1"))
                    s.add(Setting(name="created_at", value=panel.clock.now().isoformat()))
                elif admin_password:
                    # An explicitly given password (flag or environment) is the admin's password from now on.
                    from .password_hashes import verify_login_password

                    if not verify_login_password(admin.password_hash, admin_password):
                        admin.password_hash = hash_login_password(admin_password)
                for address in panel.settings.ip_addresses:
                    if s.scalar(select(IpAddress.id).where(IpAddress.address == address)) is None:
                        s.add(IpAddress(address=address, type="shared", interface="lo" if address.startswith("127.") else "eth0"))
                have_default = {t for t in s.scalars(select(DatabaseServer.type).where(DatabaseServer.is_default))}
                for srv in panel.settings.database_servers:
                    row = s.scalar(select(DatabaseServer).where(DatabaseServer.type == srv.type, DatabaseServer.host == srv.host,
                                                                DatabaseServer.port == srv.port))
                    if row is None:
                        s.add(DatabaseServer(type=srv.type, host=srv.host, port=srv.port,
                                             is_default=srv.is_default and srv.type not in have_default,
                                             is_local=srv.host in ("127.0.0.1", "localhost", "::1")))
                        have_default.add(srv.type)
        except IntegrityError:
            # Another process bootstrapped the same store at the same moment.
            return None
    return created_password


def setting(panel: Panel, name: str, default: str = "") -> str:
    with panel.sessions() as s:
        row = s.get(Setting, name)
        return row.value if row else default
