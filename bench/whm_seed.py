"""Fill a bench panel's store with N cPanel accounts (subscriptions of one customer), in-process.

    .venv/bin/python bench/whm_seed.py DATA_DIR N ADMIN_PASSWORD

Runs before the panel serves that data dir (it makes the store and its administrator); subscriptions
are made without a password so seeding costs no password hashing. Prints how long it took.
"""
from __future__ import annotations

import sys
import time


def main() -> None:
    data_dir, count, password = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    from polypanel.core import accounts, subscriptions
    from polypanel.server.runtime import open_runtime

    rt = open_runtime(data_dir, None, admin_password=password)
    admin = rt.panel.admin(api="cli")
    started = time.monotonic()
    with rt.panel.context(admin) as ctx:
        owner = accounts.create(ctx, role="customer", login="whmbench", password="Bench-Cust0mer-Pass!",
                                email="whm@example.test")
        owner_id = owner.id
    batch = 500
    for first in range(0, count, batch):
        with rt.panel.context(admin) as ctx:
            for i in range(first, min(first + batch, count)):
                subscriptions.create(ctx, domain=f"wb{i:05d}.example", owner_id=owner_id, system_user=f"wb{i:05d}")
    print(f"{count} accounts in {time.monotonic() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
