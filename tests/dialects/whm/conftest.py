from .fixtures import admin_whm, whm, whm_servers  # noqa: F401
