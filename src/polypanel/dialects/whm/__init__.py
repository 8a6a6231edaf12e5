"""WHM API 1 and API 0 on the WHM ports (2087 TLS, 2086): ``/json-api/<function>``."""
