"""Who may issue a credential (a key, an API token), and how wide it may be. One rule for every API.

- Creating a key or a token needs the account's password (or the administrator on the box):
  a key, a token or a session cannot make another credential, as ``POST /auth/keys`` in Plesk.
- A credential never creates one wider than itself: when the caller's credential is bound to
  addresses, the new one must be bound inside them, and a caller limited to some scopes gives
  no scope it has not.
"""
from __future__ import annotations

import ipaddress

from .errors import Forbidden
from .principal import Principal

PROOF = ("password", "system")  # system: the CLI on the box, acting as the administrator
# Plesk's XML API lets a secret key make keys (its documented flow: the administrator's key, made
# on the box, creates a customer's key); still never wider than the caller's own key.
KEY_MAY_ISSUE = PROOF + ("secret_key",)


def _networks(values) -> list:
    out = []
    for v in values:
        try:
            out.append(ipaddress.ip_network(str(v).strip(), strict=False))
        except ValueError:
            continue
    return out


def _inside(new: list, bound: list) -> bool:
    return all(any(n.version == b.version and n.subnet_of(b) for b in bound) for n in new)


def check_method(principal: Principal, *, what: str = "keys", proofs=PROOF) -> None:
    """Raise Forbidden unless ``principal`` proved itself in a way that may issue credentials."""
    if principal.method not in proofs:
        raise Forbidden(f"Creating {what} needs the account's password: log in with the login and "
                        f"password, not with a key, token or session")


def check_new(principal: Principal, *, what: str = "keys", ips=(), scopes=(), proofs=PROOF) -> None:
    """Raise Forbidden unless ``principal`` may create a credential bound to ``ips`` with ``scopes``.

    ``ips`` empty means usable from anywhere; ``scopes`` empty means everything the role allows.
    """
    check_method(principal, what=what, proofs=proofs)
    if principal.bound_ips:
        bound, new = _networks(principal.bound_ips), _networks(ips)
        if not new or not _inside(new, bound):
            raise Forbidden(f"The new {what} would work from addresses your own credential does not: "
                            f"bind it inside {', '.join(principal.bound_ips)}")
    if principal.scopes and (not scopes or not set(scopes) <= set(principal.scopes)):
        raise Forbidden(f"The new {what} would allow more than your own credential does")
