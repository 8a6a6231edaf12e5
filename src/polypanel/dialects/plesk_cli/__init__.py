"""Plesk's command-line utilities (``plesk bin <utility> ...``) over the core.

Each runner is ``(state, args, out, err) -> exit code``, where ``state`` gives ``context()`` (a unit
of work acting as the caller) and ``environ``. The same runners serve the ``plesk`` command on the
box and the REST API's CLI gateway (``/api/v2/cli/{id}/call``), so both say and do the same.
"""
from __future__ import annotations

from .secret_key import secret_key
from .utilities import customer, domain

UTILITIES = {"secret_key": secret_key, "customer": customer, "domain": domain}
