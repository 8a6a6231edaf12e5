"""cPanel's UAPI (``/execute``) and API 2 (``/json-api/cpanel``) on the cPanel ports (2083 TLS, 2082)."""
