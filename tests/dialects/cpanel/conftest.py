from tests.dialects.whm.fixtures import admin_whm, whm, whm_servers  # noqa: F401

from .fixtures import account, cp  # noqa: F401
