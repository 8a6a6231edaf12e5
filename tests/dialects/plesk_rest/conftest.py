from .fixtures import admin_api, plesk, plesk_servers, world  # noqa: F401
