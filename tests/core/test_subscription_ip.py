"""Changing a subscription's IP address through any door moves its sites with their zones' address
records, never onto an address another subscription holds alone, and only as the administrator."""
from __future__ import annotations

import pytest

from polypanel.core import accounts, dns, ips, subscriptions
from polypanel.core.errors import Conflict, Forbidden

PASSWORD = "Ip-Move-Passw0rd!"


def _a_records(ctx, name):
    zone = dns.get_zone(ctx, name=name)
    return sorted(r.value for r in zone.records if r.type == "A"), zone.serial


def test_the_zone_follows_the_new_address(panel, admin):
    with panel.context(admin) as ctx:
        ips.add(ctx, "198.51.100.10")
        ips.add(ctx, "198.51.100.20", type="exclusive")
        cust = accounts.create(ctx, role="customer", login="ipmover", password=PASSWORD)
        other = accounts.create(ctx, role="customer", login="ipholder", password=PASSWORD)
        sub = subscriptions.create(ctx, domain="ipmove.example", owner_id=cust.id, ip_address="198.51.100.10")
        subscriptions.create(ctx, domain="iphold.example", owner_id=other.id, ip_address="198.51.100.20")
        before, serial = _a_records(ctx, "ipmove.example")
        assert before and set(before) == {"198.51.100.10"}
        ips.add(ctx, "198.51.100.30")
        subscriptions.update(ctx, sub, ip_address="198.51.100.30")
        after, new_serial = _a_records(ctx, "ipmove.example")
        assert set(after) == {"198.51.100.30"} and len(after) == len(before) and new_serial > serial
        with pytest.raises(Conflict):  # another subscription's exclusive address
            subscriptions.update(ctx, sub, ip_address="198.51.100.20")
    with panel.context(panel.principal_for("ipmover")) as ctx:
        own = subscriptions.get(ctx, name="ipmove.example")
        with pytest.raises(Forbidden):
            subscriptions.update(ctx, own, ip_address="198.51.100.10")
    with panel.context(admin, read_only=True) as ctx:
        assert set(_a_records(ctx, "ipmove.example")[0]) == {"198.51.100.30"}
