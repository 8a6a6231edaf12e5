from tests.dialects.plesk_rest.fixtures import admin_api, plesk, plesk_servers, world  # noqa: F401
